/**
 * One CSV field, RFC 4180: quoted when it holds a comma, quote, CR or LF, its quotes doubled. A field a spreadsheet
 * would run as a formula (starting with =, +, -, @, tab or CR: a department named "=HYPERLINK(…)") gets a leading
 * apostrophe, as OWASP advises for CSV injection.
 */
export function csvField(raw: string): string {
	const s = /^[=+\-@\t\r]/.test(raw) ? `'${raw}` : raw;
	return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
