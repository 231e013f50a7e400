// Contract checks against Webex's own OpenAPI definitions (./openapi/, see its README): is a
// request one the definitions allow, and is an answer what they promise? ajv validates with the
// definitions' schemas as they are written; this module only finds the operation, gathers the
// parameters, and says where a finding is.
import { readFileSync } from 'node:fs';

import Ajv from 'ajv';
import addFormats from 'ajv-formats';

export const SPEC_FILES = [
	'openapi-excerpt.json',
	'openapi-admin-audit-excerpt.json',
	'openapi-people-excerpt.json',
	'openapi-orgs-service-app-excerpt.json',
	'openapi-meeting-compliance-excerpt.json',
	'openapi-messages-chats-excerpt.json',
	'openapi-meeting-reports-excerpt.json',
];
/**
 * Definitions this project wrote from Webex's documentation where Webex's own are too large to
 * excerpt (./documented/, each saying so in its info): checked the same way.
 */
export const DOCUMENTED_SPEC_FILES = ['call-history.json'];
/** The definitions' paths are relative to the API's base, `https://webexapis.com/v1`. */
export const BASE_PATH = '/v1';

/**
 * The error body Webex sends (the project's Webex API notes, "Errors and limits"): the
 * definitions list every error status of an operation but give none of them a schema.
 */
export const WEBEX_ERROR_SCHEMA = {
	type: 'object',
	required: ['message', 'errors', 'trackingId'],
	properties: {
		message: { type: 'string' },
		errors: {
			type: 'array',
			minItems: 1,
			items: {
				type: 'object',
				required: ['description'],
				properties: { description: { type: 'string' } },
			},
		},
		trackingId: { type: 'string' },
	},
};

/**
 * The range of a numeric parameter that its description states in words (the definitions give
 * `max` no minimum or maximum keyword): "between 1 and 1000, inclusive", "equal to or greater
 * than `1` and equal to or less than `100`", "The maximum value is `200`", "the maximum number of … up to 100". {} when none.
 */
export function describedRange(description = '') {
	const text = description.replaceAll('`', '');
	let match = /between (\d+) and (\d+), inclusive/i.exec(text);
	if (match) return { minimum: Number(match[1]), maximum: Number(match[2]) };
	match = /equal to or greater than (\d+) and equal to or less than (\d+)/i.exec(text);
	if (match) return { minimum: Number(match[1]), maximum: Number(match[2]) };
	match = /the maximum value is (\d+)/i.exec(text);
	if (match) return { maximum: Number(match[1]) };
	match = /maximum number of [^.]* up to (\d+)/i.exec(text);
	if (match) return { maximum: Number(match[1]) };
	return {};
}

const pointer = (...parts) =>
	'#/' +
	parts
		.map((part) => encodeURIComponent(String(part).replaceAll('~', '~0').replaceAll('/', '~1')))
		.join('/');
const mediaEssence = (type) =>
	String(type ?? '')
		.split(';')[0]
		.trim()
		.toLowerCase();
const shown = (value) => {
	const text = JSON.stringify(value);
	return text === undefined ? 'undefined' : text.length > 80 ? `${text.slice(0, 77)}...` : text;
};

/** ajv's finding as a sentence: the value, what it must be, and the allowed values of an enum. */
function explain(error, value = error.data) {
	const allowed = error.params?.allowedValues;
	return `${shown(value)} ${error.message}${allowed ? ` (${allowed.map(String).join(', ')})` : ''}`;
}

function readSpecs(directory) {
	const read = (file, from) => JSON.parse(readFileSync(new URL(file, from), 'utf8'));
	return [
		...SPEC_FILES.map((file) => ({ file, spec: read(file, directory) })),
		...DOCUMENTED_SPEC_FILES.map((file) => ({
			file: `documented/${file}`,
			spec: read(file, new URL('./documented/', import.meta.url)),
		})),
	];
}

/** The operations of the definitions, each with its validators compiled on first use. */
function operationsOf(specs, { strictAjv, coercingAjv }) {
	const operations = [];
	for (const { file, spec } of specs) {
		for (const [path, item] of Object.entries(spec.paths ?? {})) {
			for (const [method, operation] of Object.entries(item)) {
				if (!['get', 'put', 'post', 'delete', 'patch', 'head', 'options'].includes(method))
					continue;
				const names = [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]);
				const at = (...parts) => `${file}${pointer('paths', path, method, ...parts)}`;
				const parameters = [...(item.parameters ?? []), ...(operation.parameters ?? [])].map(
					(parameter, index) => ({
						...parameter,
						// Where its schema is, so that ajv resolves its $refs inside its own document.
						ref:
							index < (item.parameters?.length ?? 0)
								? `${file}${pointer('paths', path, 'parameters', index, 'schema')}`
								: at('parameters', index - (item.parameters?.length ?? 0), 'schema'),
					}),
				);
				const linkPaged = Object.keys(operation.responses?.['200']?.headers ?? {}).some(
					(name) => name.toLowerCase() === 'link',
				);
				const entry = {
					file,
					method: method.toUpperCase(),
					path,
					label: `${method.toUpperCase()} ${path} (${operation.operationId ?? operation.summary})`,
					pattern: new RegExp(`^${path.replace(/\{[^}]+\}/g, '([^/]+)')}$`),
					templated: names.length,
					names,
					parameters,
					responses: operation.responses ?? {},
					describedHeaders: describedHeaders(operation.description),
					validators: {},
				};
				/** One validator per parameter location: {name: value}, unknown names refused in the query. */
				entry.validatorFor = (location) => {
					if (entry.validators[location]) return entry.validators[location];
					const own = parameters.filter((parameter) => parameter.in === location);
					const properties = Object.fromEntries(
						own.map((parameter) => {
							const range = describedRange(parameter.description);
							const schema = { $ref: parameter.ref };
							return [
								location === 'header' ? parameter.name.toLowerCase() : parameter.name,
								Object.keys(range).length ? { allOf: [schema, range] } : schema,
							];
						}),
					);
					// A list paged by Link: the next links Webex writes carry an opaque `cursor` (NOTES.md,
					// "Pagination"; /docs/basics#pagination), which the definitions do not list.
					if (location === 'query' && linkPaged && !('cursor' in properties))
						properties.cursor = { type: 'string' };
					const schema = {
						type: 'object',
						properties,
						required: own
							.filter((parameter) => parameter.required)
							.map((parameter) =>
								location === 'header' ? parameter.name.toLowerCase() : parameter.name,
							),
						additionalProperties: location === 'query' ? false : true,
					};
					entry.validators[location] = coercingAjv.compile(schema);
					return entry.validators[location];
				};
				/**
				 * The validator of an answer's body: the schema of the declared media type (the first
				 * one when the answer's differs), nothing for a success without one, and Webex's error
				 * body for an error status the definitions give no schema.
				 */
				entry.bodyValidatorFor = (status, mediaType) => {
					const key = `${status} ${mediaType}`;
					if (key in entry.validators) return entry.validators[key];
					const content = entry.responses[status]?.content ?? {};
					const declared =
						Object.keys(content).find((type) => mediaEssence(type) === mediaEssence(mediaType)) ??
						Object.keys(content)[0];
					entry.validators[key] = content[declared]?.schema
						? strictAjv.getSchema(at('responses', status, 'content', declared, 'schema'))
						: status.startsWith('2')
							? undefined
							: strictAjv.getSchema('webex-error');
					return entry.validators[key];
				};
				/** The validator of a request's JSON body (undefined when the operation takes none). */
				entry.requestBodyValidator = () => {
					if ('requestBody' in entry.validators) return entry.validators.requestBody;
					const content = operation.requestBody?.content ?? {};
					const json = Object.keys(content).find(
						(type) => mediaEssence(type) === 'application/json',
					);
					entry.validators.requestBody =
						json && content[json].schema
							? strictAjv.getSchema(at('requestBody', 'content', json, 'schema'))
							: undefined;
					return entry.validators.requestBody;
				};
				entry.requestBodyRequired = operation.requestBody?.required === true;
				operations.push(entry);
			}
		}
	}
	// A literal path wins over a template that also matches it (OpenAPI's rule).
	return operations.sort((a, b) => a.templated - b.templated);
}

/**
 * The request headers an operation's description documents under "#### Request Header" (as
 * `* \`timezone\`: ...`) without listing them as parameters (GET /admin/meetingTranscripts), in
 * lower case.
 */
export function describedHeaders(description = '') {
	const section = /#### Request Header\s*\n([\s\S]*?)(?:\n#|$)/.exec(description)?.[1] ?? '';
	return [...section.matchAll(/^\s*\*\s*\*?`([^`]+)`/gm)].map((match) => match[1].toLowerCase());
}

/** The rel="next" URL of a Link header (rel may list several values), or undefined. */
export function nextLinkOf(header) {
	for (const part of String(header ?? '').split(/,\s*(?=<)/)) {
		const match = /^<([^>]*)>(.*)$/.exec(part.trim());
		const rel = match && /;\s*rel\s*=\s*(?:"([^"]*)"|([^\s;]+))/i.exec(match[2]);
		if (rel && (rel[1] ?? rel[2]).toLowerCase().split(/\s+/).includes('next')) return match[1];
	}
	return undefined;
}

let cached;

/**
 * The checker over the definitions in `directory` (this folder's openapi/), compiled once per
 * process. Every finding is {operation, where, part, message, text}.
 */
export function loadContract(directory = new URL('./openapi/', import.meta.url)) {
	if (cached && cached.directory === directory.href) return cached.contract;
	const specs = readSpecs(directory);
	const build = (options) => {
		const ajv = new Ajv({ strict: false, allErrors: true, verbose: true, ...options });
		addFormats(ajv);
		for (const { file, spec } of specs) ajv.addSchema(spec, file);
		ajv.addSchema(WEBEX_ERROR_SCHEMA, 'webex-error');
		return ajv;
	};
	// Query strings and headers are text: `max=100` is read as the number the definitions type.
	const operations = operationsOf(specs, {
		strictAjv: build(),
		coercingAjv: build({ coerceTypes: 'array' }),
	});
	/** The names of the header parameters of any operation (lower case). */
	const headerParameters = new Set(
		operations.flatMap((operation) =>
			operation.parameters
				.filter((parameter) => parameter.in === 'header')
				.map((parameter) => parameter.name.toLowerCase()),
		),
	);
	/** One finding; `part` says what it is about: request, status, body (or its type) or link. */
	const finding = (operation, where, message) => ({
		operation: operation?.label,
		where,
		part: !where.startsWith('response ')
			? 'request'
			: where.includes('next link')
				? 'link'
				: where.startsWith('response status')
					? 'status'
					: 'body',
		message,
		text: `${operation ? `${operation.label}: ` : ''}${where}: ${message}`,
	});

	/** The operation a method and path (with or without the /v1 base) name, and why not if none. */
	function findOperation(method, path) {
		const relative = path.startsWith(`${BASE_PATH}/`) ? path.slice(BASE_PATH.length) : undefined;
		if (relative === undefined)
			return { problem: `${path} is not under the API's base path ${BASE_PATH}` };
		const byPath = operations.filter((operation) => operation.pattern.test(relative));
		if (byPath.length === 0)
			return { problem: `no operation of the definitions has the path ${relative}` };
		const operation = byPath.find((candidate) => candidate.method === method.toUpperCase());
		if (!operation)
			return {
				problem: `${relative} is defined only for ${[...new Set(byPath.map((o) => o.method))].join(', ')}, not ${method}`,
			};
		return { operation, relative };
	}

	/** Validates the values of one parameter location ({name: value}) into `violations`. */
	function validateLocation(operation, location, values, violations, prefix) {
		const validate = operation.validatorFor(location);
		if (validate(structuredClone(values))) return;
		for (const error of validate.errors) {
			const report = (name, message, at = '') =>
				violations.push(
					finding(operation, `${prefix}${location} parameter '${name}'${at}`, message),
				);
			if (error.keyword === 'additionalProperties')
				report(error.params.additionalProperty, 'is not a parameter of this operation');
			else if (error.keyword === 'required')
				report(error.params.missingProperty, 'is required and missing');
			else {
				const [, name, ...rest] = error.instancePath.split('/');
				const decoded = name.replaceAll('~1', '/').replaceAll('~0', '~');
				// The value as sent, not as ajv coerced it.
				report(
					decoded,
					explain(error, values[decoded]),
					rest.length ? ` at /${rest.join('/')}` : '',
				);
			}
		}
	}

	/**
	 * Checks one request: {method, path (e.g. /v1/events), query (URLSearchParams or a search
	 * string), headers ({name: value}, any case)}. Returns {operation, violations}. `where` names
	 * what is checked in the findings ('request', or e.g. 'response 200 next link').
	 */
	function checkRequest({ method = 'GET', path, query = '', headers = {} }, where = 'request') {
		const found = findOperation(method, path);
		if (!found.operation)
			return { violations: [finding(undefined, `${where} ${method} ${path}`, found.problem)] };
		const { operation, relative } = found;
		const prefix = where === 'request' ? '' : `${where}: `;
		const violations = [];
		const params = new URLSearchParams(query);
		const queryValues = {};
		for (const name of new Set(params.keys())) {
			const all = params.getAll(name);
			queryValues[name] = all.length === 1 ? all[0] : all;
		}
		validateLocation(operation, 'query', queryValues, violations, prefix);
		const match = operation.pattern.exec(relative);
		const pathValues = {};
		operation.names.forEach((name, index) => {
			try {
				pathValues[name] = decodeURIComponent(match[index + 1]);
			} catch {
				pathValues[name] = match[index + 1];
			}
		});
		validateLocation(operation, 'path', pathValues, violations, prefix);
		// The headers the operation declares are checked, and a header that is a parameter of other
		// operations only (`timezone` on /events) is reported; a client sends many others.
		const declared = new Set(
			operation.parameters
				.filter((parameter) => parameter.in === 'header')
				.map((parameter) => parameter.name.toLowerCase()),
		);
		const headerValues = {};
		for (const [name, value] of Object.entries(headers)) {
			const lower = name.toLowerCase();
			if (value === undefined) continue;
			if (declared.has(lower)) headerValues[lower] = value;
			else if (headerParameters.has(lower) && !operation.describedHeaders.includes(lower))
				violations.push(
					finding(
						operation,
						`${prefix}header parameter '${lower}'`,
						'is not a parameter of this operation',
					),
				);
		}
		validateLocation(operation, 'header', headerValues, violations, prefix);
		return { operation, violations };
	}

	/**
	 * Checks the body of one request of `operation`: {contentType, body (the text sent)}. Returns
	 * the violations.
	 */
	function checkRequestBody(operation, { contentType, body }) {
		const validate = operation.requestBodyValidator();
		if (!validate) return [];
		if (!body) {
			return operation.requestBodyRequired
				? [finding(operation, 'request body', 'is required and missing')]
				: [];
		}
		if (mediaEssence(contentType) !== 'application/json')
			return [finding(operation, 'request body', `${shown(contentType)} is not application/json`)];
		let data;
		try {
			data = JSON.parse(body);
		} catch {
			return [finding(operation, 'request body', `is not JSON: ${shown(body)}`)];
		}
		if (validate(data)) return [];
		return validate.errors.map((error) =>
			finding(
				operation,
				`request body ${error.instancePath || '(root)'}`,
				error.keyword === 'required'
					? `lacks the required property '${error.params.missingProperty}'`
					: explain(error),
			),
		);
	}

	/**
	 * Checks one answer to a request of `operation`: {status, headers ({name: value}), body (the
	 * text sent), url (the request's URL, to resolve a relative next link), mapPath (the path of
	 * the API a linked path stands for, when a server serves the API under another one)}. Returns
	 * the violations.
	 */
	function checkResponse(operation, { status, headers = {}, body, url, mapPath = (path) => path }) {
		const violations = [];
		const header = (name) =>
			Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];
		const code = String(status);
		if (!(code in operation.responses) && !('default' in operation.responses)) {
			violations.push(
				finding(
					operation,
					`response status ${code}`,
					`is not one of the definition's (${Object.keys(operation.responses).join(', ')})`,
				),
			);
			return violations;
		}
		const success = code.startsWith('2');
		const declaredTypes = Object.keys(operation.responses[code]?.content ?? {});
		const contentType = header('content-type');
		// A file (a transcript's text/vtt): its type is checked, its body is not JSON.
		const fileAnswer =
			success && declaredTypes.length > 0 && !declaredTypes.some((type) => /json/i.test(type));
		let data;
		try {
			data = fileAnswer ? undefined : JSON.parse(body);
		} catch {
			violations.push(finding(operation, `response ${code} body`, `is not JSON: ${shown(body)}`));
			return violations;
		}
		if (
			success &&
			declaredTypes.length &&
			!declaredTypes.some((type) => mediaEssence(type) === mediaEssence(contentType))
		)
			violations.push(
				finding(
					operation,
					`response ${code} content-type`,
					`${shown(contentType)} is not one of ${declaredTypes.join(', ')}`,
				),
			);
		const validate = fileAnswer ? undefined : operation.bodyValidatorFor(code, contentType);
		if (validate && !validate(data))
			for (const error of validate.errors)
				violations.push(
					finding(
						operation,
						`response ${code} body ${error.instancePath || '(root)'}`,
						error.keyword === 'required'
							? `lacks the required property '${error.params.missingProperty}'`
							: explain(error),
					),
				);
		const next = nextLinkOf(header('link'));
		if (next !== undefined) {
			let target;
			try {
				target = new URL(next, url);
			} catch {
				violations.push(
					finding(operation, `response ${code} next link`, `is not a URL: ${shown(next)}`),
				);
			}
			if (target) {
				const where = `response ${code} next link`;
				const linked = checkRequest(
					{ method: operation.method, path: mapPath(target.pathname), query: target.search },
					where,
				);
				if (!linked.operation)
					violations.push(finding(operation, where, linked.violations[0].message));
				else if (linked.operation !== operation)
					violations.push(
						finding(operation, where, `leads to another operation: ${linked.operation.label}`),
					);
				else violations.push(...linked.violations);
			}
		}
		return violations;
	}

	const contract = { operations, findOperation, checkRequest, checkRequestBody, checkResponse };
	cached = { directory: directory.href, contract };
	return contract;
}
