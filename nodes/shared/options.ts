import {
	NodeOperationError,
	type IDataObject,
	type IExecuteSingleFunctions,
	type INode,
} from 'n8n-workflow';
import type { DateTime } from 'luxon';

import { parseDateInput, type DateInput } from './dates';
import type { FileFormat } from './files/fileFormat';
import { DEFAULT_PARALLEL_REQUESTS, MAX_RETRIES, PARALLEL_REQUESTS } from './limits';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './transport';

/**
 * Every reader of a node's fields and options: each validates before any request and fails
 * naming the field and the fix (failOnField).
 */

/** The part of a node context that reading fields needs (list operations and poll triggers alike). */
export interface FieldContext {
	getNode(): INode;
	getNodeParameter(name: string, fallback?: unknown): unknown;
	getItemIndex?(): number;
}

/** Fails the current item with a message naming the field and a description saying how to fix it. */
export function failOnField(ctx: FieldContext, message: string, description: string): never {
	throw new NodeOperationError(ctx.getNode(), message, {
		description,
		itemIndex: ctx.getItemIndex?.() ?? 0,
	});
}

/**
 * A whole-number option from `min` to `max`: `fallback` when empty, otherwise an error naming the
 * option, the range and the value, with `fix` as its description.
 */
export function readWholeNumber(
	ctx: FieldContext,
	value: unknown,
	{
		label,
		min,
		max,
		fallback,
		fix,
	}: { label: string; min: number; max: number; fallback: number; fix: string },
): number {
	if (value === undefined || value === '') return fallback;
	const number = Number(value);
	if (!Number.isInteger(number) || number < min || number > max) {
		failOnField(
			ctx,
			`${label} must be a whole number from ${min} to ${max} (got ${String(value)})`,
			fix,
		);
	}
	return number;
}

/** A number option that must be at least 0; the fallback when empty; an error naming it otherwise. */
export function readNonNegative(
	ctx: FieldContext,
	value: unknown,
	fallback: number,
	label: string,
): number {
	if (value === undefined || value === '') return fallback;
	const number = Number(value);
	if (!Number.isFinite(number) || number < 0) {
		failOnField(
			ctx,
			`${label} must be a number of at least 0 (got ${String(value)})`,
			`Remove the ${label} option to use the default of ${fallback}.`,
		);
	}
	return number;
}

/** Limit of a Get Many without Return All: a whole number of at least 1. */
export function readLimit(ctx: FieldContext): number {
	const limit = Number(ctx.getNodeParameter('limit'));
	if (!Number.isInteger(limit) || limit < 1) {
		failOnField(
			ctx,
			`Limit must be a whole number of at least 1 (got ${String(ctx.getNodeParameter('limit', ''))})`,
			'Set Limit to how many records you want, or turn on Return All.',
		);
	}
	return limit;
}

/** Page Size: 1 to the endpoint's ceiling; by default the ceiling, or the Limit when smaller. */
export function readPageSize(ctx: FieldContext, value: unknown, max: number, limit = Infinity) {
	return readWholeNumber(ctx, value, {
		label: 'Page Size',
		min: 1,
		max,
		fallback: Math.min(max, limit),
		fix: `Webex accepts max from 1 to ${max} on this endpoint. Remove the Page Size option to use ${max}.`,
	});
}

export function readParallelRequests(ctx: FieldContext, value: unknown): number {
	return readWholeNumber(ctx, value, {
		label: 'Parallel Requests',
		min: PARALLEL_REQUESTS.min,
		max: PARALLEL_REQUESTS.max,
		fallback: DEFAULT_PARALLEL_REQUESTS,
		fix: `Remove the option to use ${DEFAULT_PARALLEL_REQUESTS}, or set 1 for one request at a time.`,
	});
}

/** The retry policy with the node's Max Rate Limit Wait and Max Retries, validated. */
export function readRetryPolicy(ctx: FieldContext, options: IDataObject): RetryPolicy {
	const defaults = DEFAULT_RETRY_POLICY;
	return {
		...defaults,
		maxRateLimitWaitMs:
			readNonNegative(
				ctx,
				options.maxRateLimitWait,
				defaults.maxRateLimitWaitMs / 1000,
				'Max Rate Limit Wait',
			) * 1000,
		maxRetries: readWholeNumber(ctx, options.maxRetries, {
			label: 'Max Retries',
			min: MAX_RETRIES.min,
			max: MAX_RETRIES.max,
			fallback: defaults.maxRetries,
			fix: `Remove the option to use ${defaults.maxRetries}, or set 0 to never retry.`,
		}),
	};
}

/** Output JSON Lines or CSV: the file's format, gzip, and the binary field it goes in. */
export interface FileOutput {
	format: FileFormat;
	gzip: boolean;
	binaryProperty: string;
}

/** Options → Output: undefined for items (the default), the file's settings otherwise. */
export function readFileOutput(ctx: FieldContext, options: IDataObject): FileOutput | undefined {
	const output = options.output ?? 'items';
	if (output === 'items') return undefined;
	if (output !== 'jsonLines' && output !== 'csv') {
		failOnField(
			ctx,
			`Output must be Items, JSON Lines or CSV (got ${String(output)})`,
			'Pick one of the three in Options → Output.',
		);
	}
	return {
		format: output,
		gzip: options.gzip !== false,
		binaryProperty: readBinaryProperty(ctx, options.binaryProperty),
	};
}

/** Put Output File in Field: a binary field name, `data` when empty. */
export function readBinaryProperty(ctx: FieldContext, value: unknown): string {
	const binaryProperty = String(value ?? 'data').trim();
	if (!/^[\w.-]+$/.test(binaryProperty)) {
		failOnField(
			ctx,
			`Put Output File in Field must be a field name such as data (got "${binaryProperty}")`,
			'Use letters, digits, _, - or . only; the next node reads the file from that binary field.',
		);
	}
	return binaryProperty;
}

/**
 * Reads the date filter `filters.<field>` in the workflow's time zone: undefined when empty, an
 * error naming the field when unreadable.
 */
export function readDateFilter(
	ctx: IExecuteSingleFunctions,
	field: string,
	label: string,
	example: string,
): DateTime | undefined {
	const value = ctx.getNodeParameter(`filters.${field}`, '') as DateInput;
	const date = parseDateInput(value, ctx.getTimezone());
	if (date === null) {
		failOnField(
			ctx,
			`${label} is not a date and time: "${String(value)}"`,
			`Use an ISO 8601 value such as 2026-11-20T09:30:00Z, the date picker, or an expression such as ${example}.`,
		);
	}
	return date;
}
