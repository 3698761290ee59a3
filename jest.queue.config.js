/**
 * `npm run test:queue`: the package in n8n's queue mode (PostgreSQL, Redis, a main instance and
 * two workers, all started and stopped by the tests). Not part of `npm test`'s default run.
 */
const base = require('./jest.config');

/** @type {import('jest').Config} */
module.exports = {
	...base,
	roots: ['<rootDir>/test/queue'],
	testPathIgnorePatterns: ['/node_modules/'],
	testTimeout: 300_000,
};
