/** esbuild loads .css files as text (see scripts/build-client.ts). */
declare module '*.css' {
  const text: string;
  export default text;
}
