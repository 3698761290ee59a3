/** The follow-up user message of a repair attempt, after an answer that failed parsing or validation. */

/** Lists `problems` (one or many) and asks for the whole JSON again, nothing else. */
export function repairInstruction(problem: string[] | string): string {
	const problems = (Array.isArray(problem) ? problem : [problem]).map((line) => line.trim()).filter((line) => line !== '');
	const listed = problems.length > 0 ? problems : ['it did not match the response schema'];
	return [
		'Your previous answer was invalid:',
		...listed.map((line) => `- ${line}`),
		'',
		'Answer again with the complete JSON value, matching the response schema exactly, with every problem above fixed.',
		'Reply with the JSON only: no explanation, no Markdown, no code fence.',
	].join('\n');
}
