import { configWithoutCloudSupport } from '@n8n/node-cli/eslint';

// n8n's own community-node lint config (the variant for packages that do not target n8n Cloud,
// since this package needs Node's HTTP stack: undici, timers). One rule is switched off:
// `no-runtime-dependencies`. undici (pooled keep-alive HTTP, streaming bodies) and zod (response
// and extraction validation) are runtime dependencies by design, which keeps this package out of
// n8n's verified programme; it targets self-hosted n8n, as the README says.
export default [
	...configWithoutCloudSupport,
	{ ignores: ['test/**', 'bench/**', 'examples/**', 'gulpfile.js', 'jest.config.js'] },
	{
		rules: {
			'@n8n/community-nodes/no-runtime-dependencies': 'off',
		},
	},
];
