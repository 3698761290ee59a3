import { logprobsOf } from '../../../nodes/shared/response/logprobs';

describe('logprobsOf', () => {
	it('reads the average, the chosen tokens and the top candidates per step', () => {
		const candidate = {
			avgLogprobs: -0.25,
			logprobsResult: {
				topCandidates: [{ candidates: [{ token: 'Hi', logProbability: -0.1 }, { token: 'Hello', logProbability: -2.3 }] }],
				chosenCandidates: [{ token: 'Hi', logProbability: -0.1 }],
			},
		};
		expect(logprobsOf(candidate)).toEqual({
			average: -0.25,
			chosen: [{ token: 'Hi', logProbability: -0.1 }],
			top: [[{ token: 'Hi', logProbability: -0.1 }, { token: 'Hello', logProbability: -2.3 }]],
		});
	});

	it('is undefined when the answer has no log probabilities', () => {
		expect(logprobsOf({ finishReason: 'STOP' })).toBeUndefined();
		expect(logprobsOf(undefined)).toBeUndefined();
	});
});
