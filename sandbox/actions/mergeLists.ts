// How Update stores a new scope or redirect URI list.
//
// The merge defect (option mergeDefect, modelled on the 8.7 server code described in the API
// document): when ONE update both removes existing items and adds new ones, the additions are
// silently dropped, leaving only the submitted items that already existed (existing [a,b],
// submitted [b,c] -> stored [b]) while the answer says success. Updates that only add, or only
// remove, are stored as submitted. So a client can repair by submitting the union first and then
// the target list.
export function mergeSubmittedList(existing: readonly string[], submitted: readonly string[], mergeDefect: boolean): string[] {
  if (!mergeDefect) return [...submitted];
  const removes = existing.some((item) => !submitted.includes(item));
  const adds = submitted.some((item) => !existing.includes(item));
  return removes && adds ? submitted.filter((item) => existing.includes(item)) : [...submitted];
}
