import { NodeOperationError, type IExecuteSingleFunctions, type INode } from 'n8n-workflow';
import type { DateTime } from 'luxon';

import { parseDateInput, type DateInput } from './dates';

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
