import type { IDataObject } from 'n8n-workflow';

/** The file formats of Output, how a record becomes a line, and how the file is named. */
export type FileFormat = 'jsonLines' | 'csv';

export const FILE_FORMATS: Record<FileFormat, { extension: string; mimeType: string }> = {
	jsonLines: { extension: 'jsonl', mimeType: 'application/x-ndjson' },
	csv: { extension: 'csv', mimeType: 'text/csv' },
};

export const GZIP_MIME_TYPE = 'application/gzip';

/** One JSON Lines line (newline included). */
export const jsonLine = (record: IDataObject) => `${JSON.stringify(record)}\n`;

/**
 * A cell that a spreadsheet would run as a formula (=, +, -, @, tab, carriage return first) is
 * written with a leading apostrophe, as OWASP advises against CSV injection; only text: numbers
 * and booleans are written as they are.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV cell (RFC 4180): quoted when it holds a comma, a quote or a line break. */
export function csvCell(value: unknown): string {
	if (value === undefined || value === null) return '';
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	let text = typeof value === 'object' ? JSON.stringify(value) : String(value);
	if (FORMULA_START.test(text)) text = `'${text}`;
	return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV row of `columns` (CRLF ends it, as RFC 4180 says). */
export const csvRow = (columns: readonly string[], record: IDataObject) =>
	`${columns.map((column) => csvCell(record[column])).join(',')}\r\n`;

export const csvHeader = (columns: readonly string[]) =>
	`${columns.map((column) => csvCell(column)).join(',')}\r\n`;

/**
 * A file name that says what and when: `webex-events-2026-11-30T00-00-00Z--2026-12-01T00-00-00Z.jsonl.gz`
 * (times without milliseconds, colons as dashes so every file system takes it).
 */
export function archiveFileName(
	label: string,
	range: { fromMs?: number; toMs: number },
	format: FileFormat,
	gzip: boolean,
): string {
	const stamp = (ms: number) =>
		new Date(ms)
			.toISOString()
			.replace(/\.\d{3}Z$/, 'Z')
			.replace(/:/g, '-');
	const when = `${range.fromMs === undefined ? 'start' : stamp(range.fromMs)}--${stamp(range.toMs)}`;
	return `${label}-${when}.${FILE_FORMATS[format].extension}${gzip ? '.gz' : ''}`;
}
