// PHP date('jS F Y g:i:sa'), the format of createdAt/updatedAt, e.g. "18th November 2016 9:32:24am".
// Rendered in UTC so that answers do not depend on the machine's time zone.
const MONTHS = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
];

function ordinalSuffix(day: number): string {
  if (day >= 11 && day <= 13) return 'th';
  switch (day % 10) {
    case 1:
      return 'st';
    case 2:
      return 'nd';
    case 3:
      return 'rd';
    default:
      return 'th';
  }
}

export function formatPhpDate(date: Date): string {
  const day = date.getUTCDate();
  const hours = date.getUTCHours();
  const hour12 = hours % 12 === 0 ? 12 : hours % 12;
  const minutes = String(date.getUTCMinutes()).padStart(2, '0');
  const seconds = String(date.getUTCSeconds()).padStart(2, '0');
  const month = MONTHS[date.getUTCMonth()] ?? '';
  return `${day}${ordinalSuffix(day)} ${month} ${date.getUTCFullYear()} ${hour12}:${minutes}:${seconds}${hours < 12 ? 'am' : 'pm'}`;
}
