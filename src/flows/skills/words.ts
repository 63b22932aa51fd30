/** "skip" in the languages the skills are written in. */
export function isSkip(text: string): boolean {
  return /^(skip|pass|saltar|omitir|paso|pasar)$/i.test(text.trim());
}

/** "done" (the thinking-traps step) in the same languages. */
export function isDone(text: string): boolean {
  return /^(done|listo|lista|hecho)$/i.test(text.trim());
}
