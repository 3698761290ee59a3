/**
 * JSON text parsing with a stable problem description. JSON.parse's messages differ between
 * Node versions and some have no position ("Unexpected token 'H', ... is not valid JSON"), so
 * on failure a small RFC 8259 scanner finds the first bad character and says what was expected.
 */

export type JsonParseResult =
	| { ok: true; value: unknown }
	| {
			ok: false;
			/** What is wrong, e.g. `expected "," or "}" after a property value`. */
			message: string;
			/** 0-based character offset of the problem. */
			position: number;
			/** True when the text ends before the JSON value is complete (a cut-off answer). */
			atEnd: boolean;
	  };

interface SyntaxProblem {
	message: string;
	position: number;
}

class Scanner {
	position = 0;

	constructor(private readonly text: string) {}

	/** The first syntax problem, or undefined when the text is one valid JSON value. */
	check(): SyntaxProblem | undefined {
		const problem = this.value();
		if (problem) return problem;
		this.skipSpace();
		if (this.position < this.text.length) return this.problem('unexpected text after the JSON value');
		return undefined;
	}

	private problem(message: string): SyntaxProblem {
		return { message, position: this.position };
	}

	private atEnd(): boolean {
		return this.position >= this.text.length;
	}

	private skipSpace(): void {
		while (!this.atEnd() && ' \t\n\r'.includes(this.text[this.position])) this.position++;
	}

	private unexpected(expected: string): SyntaxProblem {
		if (this.atEnd()) return this.problem(`unexpected end of input, expected ${expected}`);
		return this.problem(`unexpected character ${JSON.stringify(this.text[this.position])}, expected ${expected}`);
	}

	private value(): SyntaxProblem | undefined {
		this.skipSpace();
		const char = this.text[this.position];
		if (char === '{') return this.object();
		if (char === '[') return this.array();
		if (char === '"') return this.string();
		if (char === '-' || (char >= '0' && char <= '9')) return this.number();
		for (const word of ['true', 'false', 'null']) {
			if (char === word[0]) return this.literal(word);
		}
		return this.unexpected('a JSON value');
	}

	private literal(word: string): SyntaxProblem | undefined {
		for (const expected of word) {
			if (this.text[this.position] !== expected) return this.unexpected(`"${word}"`);
			this.position++;
		}
		return undefined;
	}

	private digits(): boolean {
		const start = this.position;
		while (!this.atEnd() && this.text[this.position] >= '0' && this.text[this.position] <= '9') this.position++;
		return this.position > start;
	}

	private number(): SyntaxProblem | undefined {
		if (this.text[this.position] === '-') this.position++;
		if (this.text[this.position] === '0') this.position++;
		else if (!this.digits()) return this.unexpected('a digit');
		if (this.text[this.position] === '.') {
			this.position++;
			if (!this.digits()) return this.unexpected('a digit after the decimal point');
		}
		if (this.text[this.position] === 'e' || this.text[this.position] === 'E') {
			this.position++;
			if (this.text[this.position] === '+' || this.text[this.position] === '-') this.position++;
			if (!this.digits()) return this.unexpected('a digit in the exponent');
		}
		return undefined;
	}

	private string(): SyntaxProblem | undefined {
		this.position++; // opening quote
		while (!this.atEnd()) {
			const char = this.text[this.position];
			if (char === '"') {
				this.position++;
				return undefined;
			}
			if (char < ' ') return this.problem('unescaped control character in a string');
			if (char === '\\') {
				const problem = this.escape();
				if (problem) return problem;
			} else {
				this.position++;
			}
		}
		return this.problem('unterminated string');
	}

	private escape(): SyntaxProblem | undefined {
		this.position++; // backslash
		const char = this.text[this.position];
		if (char !== undefined && '"\\/bfnrt'.includes(char)) {
			this.position++;
			return undefined;
		}
		if (char !== 'u') return this.unexpected('a valid escape sequence');
		this.position++;
		for (let i = 0; i < 4; i++) {
			if (!/^[0-9a-fA-F]$/.test(this.text[this.position] ?? '')) return this.unexpected('4 hex digits after \\u');
			this.position++;
		}
		return undefined;
	}

	private object(): SyntaxProblem | undefined {
		this.position++;
		this.skipSpace();
		if (this.text[this.position] === '}') {
			this.position++;
			return undefined;
		}
		for (;;) {
			this.skipSpace();
			if (this.text[this.position] !== '"') return this.unexpected('a property name in double quotes');
			const name = this.string();
			if (name) return name;
			this.skipSpace();
			if (this.text[this.position] !== ':') return this.unexpected('":" after a property name');
			this.position++;
			const value = this.value();
			if (value) return value;
			this.skipSpace();
			if (this.text[this.position] === '}') {
				this.position++;
				return undefined;
			}
			if (this.text[this.position] !== ',') return this.unexpected('"," or "}" after a property value');
			this.position++;
		}
	}

	private array(): SyntaxProblem | undefined {
		this.position++;
		this.skipSpace();
		if (this.text[this.position] === ']') {
			this.position++;
			return undefined;
		}
		for (;;) {
			const value = this.value();
			if (value) return value;
			this.skipSpace();
			if (this.text[this.position] === ']') {
				this.position++;
				return undefined;
			}
			if (this.text[this.position] !== ',') return this.unexpected('"," or "]" after an array element');
			this.position++;
		}
	}
}

function errorMessage(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

/** Parses `text` as one JSON value; on failure says what is wrong and where. */
export function parseJsonText(text: string): JsonParseResult {
	let parserMessage: string;
	try {
		return { ok: true, value: JSON.parse(text) as unknown };
	} catch (error) {
		parserMessage = errorMessage(error);
	}
	// The scanner agrees with JSON.parse on RFC 8259; the fallback only guards against a gap.
	const problem = new Scanner(text).check() ?? { message: parserMessage, position: 0 };
	return { ok: false, ...problem, atEnd: problem.position >= text.length };
}

/** 1-based line and column of a character offset, for messages about multi-line parameters. */
export function lineAndColumn(text: string, position: number): { line: number; column: number } {
	const before = text.slice(0, position);
	const line = before.split('\n').length;
	const column = position - before.lastIndexOf('\n');
	return { line, column };
}
