import { supplyModel } from '@n8n/ai-node-sdk';
import {
	NodeConnectionTypes,
	type INodeType,
	type INodeTypeDescription,
	type ISupplyDataFunctions,
	type SupplyData,
} from 'n8n-workflow';

import { newRunState } from '../shared/execution/callGemini';
import { toNodeError } from '../shared/execution/nodeErrors';
import { geminiNodeMethods, MODEL_SUBTITLE } from '../shared/node/geminiNode';
import { connectionFromCredentials } from '../shared/transport/credentials';
import { CallLog, meteredContext } from './callLog';
import { chatModelProperties } from './chatProperties';
import { readChatSettings } from './chatSettings';
import { addToExecutionCost } from './executionCost';
import { MeteredGeminiChatModel } from './MeteredGeminiChatModel';
import { authenticationProperty } from '../shared/parameters/authentication';

/**
 * Gemini as the model of n8n's AI Agent and chains, through `@n8n/ai-node-sdk` (provided by n8n
 * at run time). Each model call's usage and exact cost land in the call's log entry, and the
 * execution's running total in its custom data.
 */
export class GeminiChatModel implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Gemini Chat Model (Metered)',
		name: 'geminiChatModel',
		icon: { light: 'file:geminiChat.svg', dark: 'file:geminiChat.dark.svg' },
		group: ['transform'],
		version: [1],
		subtitle: MODEL_SUBTITLE,
		description: 'Google Gemini for AI Agents and chains, with token usage and exact cost of every call',
		defaults: { name: 'Gemini Chat Model (Metered)' },
		inputs: [],
		outputs: [NodeConnectionTypes.AiLanguageModel],
		outputNames: ['Model'],
		credentials: [
			{ name: 'geminiApi', required: true, testedBy: 'geminiApiTest', displayOptions: { show: { authentication: ['geminiApi'] } } },
			// eslint-disable-next-line n8n-nodes-base/node-class-description-credentials-name-unsuffixed
			{ name: 'geminiVertexAi', required: true, testedBy: 'geminiVertexAiTest', displayOptions: { show: { authentication: ['geminiVertexAi'] } } },
		],
		properties: [authenticationProperty, ...chatModelProperties],
	};

	methods = geminiNodeMethods;

	async supplyData(this: ISupplyDataFunctions, itemIndex: number): Promise<SupplyData> {
		let settings;
		try {
			settings = readChatSettings(this, itemIndex);
		} catch (error) {
			throw toNodeError(this.getNode(), error, itemIndex);
		}
		const { client, prices } = await connectionFromCredentials(this);
		const log = new CallLog();
		const model = new MeteredGeminiChatModel({
			client,
			settings,
			state: newRunState(prices),
			signal: this.getExecutionCancelSignal(),
			onRetry: ({ attempt, delayMs, error }) =>
				this.logger.warn(`Gemini chat model call failed (${error.httpStatus ?? error.networkCode ?? error.kind}: ${error.message}); retry ${attempt} in ${delayMs} ms`),
			toError: (error) => toNodeError(this.getNode(), error),
			onBilledFailure: (cost) => addToExecutionCost(this, cost),
			onCall: (call) => {
				log.add(call);
				addToExecutionCost(this, (call.item.cost as { total: number | null }).total);
			},
		});
		return supplyModel(meteredContext(this, log), model);
	}
}
