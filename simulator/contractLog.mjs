// What a simulator's requests and answers did against Webex's OpenAPI definitions (a checker from
// contract.mjs): each exchange checked, every violation kept for close() to report.
import { randomUUID } from 'node:crypto';

/** The header of a request exempt from the contract's request checks (see `offContract`). */
const EXEMPT_HEADER = 'x-contract-exempt';

export function createContractLog(contract) {
	/** {text, operation, where, part, request} of every violation so far. */
	const violations = [];
	// Only code that holds this simulator can exempt a request (see offContract below).
	const exemptionNonce = randomUUID();

	/** Keeps what a request or its answer did against the definitions, for close() to report. */
	function report(record, found) {
		for (const violation of found)
			violations.push({
				...violation,
				request: `${record.method} ${record.path}${record.search}`,
			});
	}

	/**
	 * Checks a request, and notes in `exchange` what its answer is checked against: the operation,
	 * and (for an exempt request) that a next link repeating its query is off the contract.
	 */
	function checkRequest(record, exchange, { method, path, query, headers }) {
		const checked = contract.checkRequest({ method, path, query, headers });
		exchange.operation = checked.operation;
		const exempt = String(headers[EXEMPT_HEADER] ?? '');
		if (!exempt.startsWith(`${exemptionNonce} `)) report(record, checked.violations);
		// Its answer is still checked, but for a next link: that repeats the request's query.
		else
			exchange.offContract.link = `a next link repeats an exempt request (${exempt.slice(exemptionNonce.length + 1)})`;
	}

	/** Checks an answer, but for the parts (and items) a fault made off the contract on purpose. */
	function checkAnswer(record, exchange, answer) {
		let found;
		try {
			found = contract.checkResponse(exchange.operation, answer);
		} catch (error) {
			// A check that cannot run must not pass for one that found nothing.
			found = [{ part: 'check', where: 'contract check', text: `failed: ${error.stack}` }];
		}
		const { items } = exchange.offContract;
		report(
			record,
			found.filter(
				(violation) =>
					!exchange.offContract[violation.part] &&
					!items?.has(Number(/^response \d+ body \/items\/(\d+)/.exec(violation.where)?.[1])),
			),
		);
	}

	/** Throws an error listing every violation of the definitions so far, if there is one. */
	function assertContract() {
		if (violations.length === 0) return;
		const shown = violations.slice(0, 20).map((v) => `  - ${v.text}\n    (${v.request})`);
		if (violations.length > 20) shown.push(`  ... and ${violations.length - 20} more`);
		const error = new Error(
			`The simulator saw ${violations.length} violation(s) of Webex's OpenAPI definitions:\n${shown.join('\n')}`,
		);
		error.violations = [...violations];
		throw error;
	}

	/** Headers that exempt one request from the request checks (its answer is still checked). */
	const offContract = (reason) => ({ [EXEMPT_HEADER]: `${exemptionNonce} ${reason}` });

	return { violations, report, checkRequest, checkAnswer, assertContract, offContract };
}
