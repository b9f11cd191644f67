/** A pane event as `/vis_socket` sends it to trainers: `pane_data` spliced in as JSON text (it can be large: it is not parsed again). */
export function paneFrame(event: object, paneJson: string): string {
  return `${JSON.stringify(event).slice(0, -1)},"pane_data":${paneJson}}`;
}
