/** "skip" in the languages the skills are written in. */
export function isSkip(text: string): boolean {
  return /^(skip|pass|saltar|omitir|paso|pasar)$/i.test(text.trim());
}
