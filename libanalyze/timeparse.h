/*
 * timeparse.h - recognise, parse and describe the date/time values found in
 * CRM exports, without sscanf, strptime or the process locale.
 *
 * Accepted shapes (leading and trailing blanks are ignored, letters in any
 * case, runs of blanks count as one):
 *
 *   date, year first	2024-03-05  2020/3/18  2024.03.05
 *   date, numeric	a/b/y  a-b-y  a.b.y   (a, b: 1-2 digits; y: 2 or 4;
 *			with dots and a 2-digit year, a and b need 2 digits)
 *   date, month name	5 Mar 2024  05-Mar-24  05/Mar/24  Mar 5, 2024
 *			March 5 2024  (3-letter or full English names)
 *   weekday		an optional "Tue", "Tuesday" or "Tue," before a date
 *   time		after the date, a blank, ", " or (year first) "T":
 *			H:MM[:SS[.fff]], optional AM/PM (am, a.m. ...)
 *   zone		after the time: Z, UTC, GMT, UT (optionally with
 *			an offset), or +hh, +hhmm, +hh:mm; then an
 *			optional "(comment)", which is ignored
 *   asctime, Twitter	Tue Oct 31 23:36:20 +0000 2017
 *			Tue Oct 31 23:36:20 2017
 *
 * Two-digit years: 00-68 are 2000-2068, 69-99 are 1969-1999.  Hours run
 * 0-23 (1-12 with AM/PM; 12 AM is 00), minutes and seconds 0-59.  Zone
 * abbreviations other than UTC/GMT/UT/Z (EST, CET, IST ...) are refused:
 * several of them name more than one offset.
 */
#ifndef TIMEPARSE_H
#define TIMEPARSE_H

#include <stddef.h>
#include <stdint.h>

/* Order of day and month in all-numeric dates like 3/4/2023. */
enum tix_dord { TIX_DORD_UNKNOWN = 0, TIX_DORD_DMY = 1, TIX_DORD_MDY = 2 };

/* Bits returned by tix_time_classify(). 0 means "not a date/time". */
#define TIX_TS_DMY	1u	/* valid when read day-first */
#define TIX_TS_MDY	2u	/* valid when read month-first */
#define TIX_TS_NOORDER	4u	/* the shape settles the order (year
				   first, month names, ...); always set
				   together with DMY|MDY */
#define TIX_TS_HASTIME	8u	/* carries a time of day */
#define TIX_TS_HASZONE	16u	/* an explicit offset, or Z/UTC/GMT */

/*
 * Classify s[0..n).  For an all-numeric a/b/y date the DMY and MDY bits
 * say which readings give a real date (so 31/2/2020 is 0, 3/4/2023 is
 * DMY|MDY, 13/4/2023 is DMY); any other accepted shape gives
 * DMY|MDY|NOORDER.  HASTIME and HASZONE are added as they apply.
 */
unsigned tix_time_classify(const char *s, size_t n);

/*
 * Parse s[0..n) to UTC epoch seconds (fractions of a second are dropped).
 * order says how to read an all-numeric a/b/y date; with TIX_DORD_UNKNOWN
 * it is accepted only when the value settles it: one of a, b > 12, or
 * a == b (both readings are the same day).  A value with an explicit zone
 * uses it; otherwise, if use_local is nonzero, the wall time is converted
 * with mktime() (the caller has set TZ), else default_off_sec is
 * subtracted (wall time at UTC+default_off_sec).  Returns 0, or -1 if s is
 * not a valid date/time under order (31/2/2020, 29/2/2019, 24:00, a day-
 * first value read month-first, a time mktime() cannot convert ...).
 */
int tix_time_parse(const char *s, size_t n, enum tix_dord order,
    long default_off_sec, int use_local, int64_t *epoch);

/*
 * Write a strftime-like description of the value's shape under order into
 * buf, e.g. "%d/%m/%Y %H:%M", "%Y-%m-%dT%H:%M:%S.%fZ",
 * "%a %b %d %H:%M:%S %z %Y", "%m/%d/%y", "%d/%b/%y %I:%M %p".  Separators
 * are copied, blank runs become one space, an ignored zone comment is
 * "(%Z)".  The description exists exactly when tix_time_parse() would
 * accept the value with the same order.  Returns 0, or -1 if s is not a
 * date under order or the description (at most 2 * n + 1 bytes) does not
 * fit in bufsz; buf is then "" when bufsz > 0.
 */
int tix_time_describe(const char *s, size_t n, enum tix_dord order,
    char *buf, size_t bufsz);

/*
 * Format epoch as "2016-02-29T01:16:00Z" (20 chars + NUL) into buf, which
 * has room for at least 21 bytes.  Epochs before 0000-01-01T00:00:00Z or
 * after 9999-12-31T23:59:59Z are clamped to those.
 */
void tix_time_format_iso(int64_t epoch, char *buf);

/*
 * Parse a --tz argument that names a fixed offset: "UTC", "GMT", "Z",
 * "+08:00", "-0530", "+8", "+5:30", "UTC+8", "GMT-03:00" (UTC+8 means
 * eight hours east, unlike POSIX TZ="UTC+8").  At most 18:00 either way.
 * Returns 0 and sets *off_sec, or -1 if it is not a fixed offset (the
 * caller then treats it as an IANA zone name for TZ).
 */
int tix_time_parse_offset(const char *s, long *off_sec);

/*
 * Parse a bound for --since/--until: a relative "<N>h", "<N>d" or "<N>w"
 * (N: 1 to 9 digits), counted back from now_epoch, or any value
 * tix_time_parse() accepts with TIX_DORD_UNKNOWN, as UTC wall time when it
 * carries no zone.  A date alone means its midnight.  Returns 0 / -1.
 */
int tix_time_parse_bound(const char *s, int64_t now_epoch, int64_t *epoch);

/*
 * The same, but zone-less absolute values are read as tix_time_parse()
 * reads them with default_off_sec and use_local (to honour --tz).
 */
int tix_time_parse_bound_zone(const char *s, int64_t now_epoch,
    long default_off_sec, int use_local, int64_t *epoch);

/*
 * An ISO 8601 week, "2026-W47" (the W in either case): *lo is its Monday
 * 00:00 UTC, *hi the next Monday's.  Week 1 is the week that holds the
 * year's first Thursday (so 2026-W01 starts on 2025-12-29); a year has 53
 * weeks when it starts on a Thursday, or is a leap year starting on a
 * Wednesday (2020-W53 exists, 2021-W53 does not).  Years 0001 to 9999.
 * Returns 0, or -1 when s is not such a week.
 */
int tix_iso_week(const char *s, int64_t *lo, int64_t *hi);

#endif
