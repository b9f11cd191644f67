/**
 * Pure: a filter box's text as a matcher. `/re/flags` is a regular expression
 * (an invalid one matches everything and says so); anything else matches as a
 * case-insensitive substring. Used by the env list and the metric search.
 */
export interface TextMatcher {
  test: (s: string) => boolean;
  /** The text looked like a /regex/ but did not compile. */
  bad: boolean;
  /** True when the text is empty (everything matches). */
  empty: boolean;
}

export function textMatcher(text: string): TextMatcher {
  const f = text.trim();
  if (f === '') return { test: () => true, bad: false, empty: true };
  const m = /^\/(.*)\/([a-z]*)$/.exec(f);
  if (m) {
    try {
      const re = new RegExp(m[1]!, m[2]!.replace(/[gy]/g, ''));
      return { test: (s) => re.test(s), bad: false, empty: false };
    } catch {
      return { test: () => true, bad: true, empty: false };
    }
  }
  const lower = f.toLowerCase();
  return { test: (s) => s.toLowerCase().includes(lower), bad: false, empty: false };
}
