// Timestamps as AWS Step Functions reads them (Choice Timestamp operators, Wait) (RFC 3339 with a zone, parsed like Java's ISO_OFFSET_DATE_TIME):
// parsed once into an exact instant, compared to the nanosecond.

/** An exact instant: whole seconds since 1970-01-01T00:00:00Z plus nanoseconds in [0, 999 999 999]. */
export interface Instant {
  readonly epochSeconds: number;
  readonly nanos: number;
}

// AWS's errors name "ISO-8601 extended offset date-time", Java's ISO_OFFSET_DATE_TIME: a 4-digit year (a signed
// longer one), `T` (case-insensitive), HH:mm with optional :ss and an optional 1-9 digit fraction, then `Z` or an
// offset. The corpus confirms: 9 fraction digits accepted; no zone, a space for `T`, hour 25, month 13 rejected.
const TIMESTAMP =
  /^(\d{4}|\+\d{5,9}|-\d{4,9})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?([Zz]|[+-].+)$/;
const OFFSET = /^([+-])(\d{2})(?:(:?)(\d{2})(?:\3(\d{2}))?)?$/;

const SECONDS_PER_DAY = 86_400;
const MAX_OFFSET_SECONDS = 18 * 3600;

/** Parses `text` as AWS parses a timestamp; undefined when AWS would reject it. */
export function parseTimestamp(text: string): Instant | undefined {
  const match = TIMESTAMP.exec(text);
  if (match === null) return undefined;
  const [, yearText, monthText, dayText, hourText, minuteText, secondText, fraction, zone] = match;
  const year = Number(yearText);
  const month = Number(monthText);
  const day = Number(dayText);
  const hour = Number(hourText);
  const minute = Number(minuteText);
  const second = secondText === undefined ? 0 : Number(secondText);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const offset = zone === undefined ? undefined : parseOffset(zone);
  if (offset === undefined) return undefined;
  const localSeconds = daysFromCivil(year, month, day) * SECONDS_PER_DAY + hour * 3600 + minute * 60 + second;
  const nanos = fraction === undefined ? 0 : Number(fraction.padEnd(9, '0'));
  return { epochSeconds: localSeconds - offset, nanos };
}

/** True when `text` is a timestamp AWS accepts (the `IsTimestamp` test). */
export function isTimestamp(text: string): boolean {
  return parseTimestamp(text) !== undefined;
}

/** Orders two instants: negative, zero or positive. */
export function compareInstants(a: Instant, b: Instant): number {
  if (a.epochSeconds !== b.epochSeconds) return a.epochSeconds < b.epochSeconds ? -1 : 1;
  return a.nanos - b.nanos;
}

/** Offset in seconds east of UTC: `Z`, `±HH`, `±HH:MM`, `±HH:MM:SS` or the same without colons. */
function parseOffset(zone: string): number | undefined {
  if (zone === 'Z' || zone === 'z') return 0;
  const match = OFFSET.exec(zone);
  if (match === null) return undefined;
  const [, sign, hoursText, , minutesText, secondsText] = match;
  const hours = Number(hoursText);
  const minutes = minutesText === undefined ? 0 : Number(minutesText);
  const seconds = secondsText === undefined ? 0 : Number(secondsText);
  if (minutes > 59 || seconds > 59) return undefined;
  const total = hours * 3600 + minutes * 60 + seconds;
  if (total > MAX_OFFSET_SECONDS) return undefined;
  return sign === '-' ? -total : total;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Days since 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const shiftedMonth = month > 2 ? month - 3 : month + 9;
  const dayOfYear = Math.floor((153 * shiftedMonth + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** Epoch milliseconds of an instant (sub-millisecond digits dropped), for timers. */
export function instantToMillis(instant: Instant): number {
  return instant.epochSeconds * 1000 + Math.floor(instant.nanos / 1_000_000);
}
