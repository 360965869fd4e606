// Two projects: unit tests beside the code, integration tests against real systems.
// fastify's inject() pulls in ESM-only `cookie`; let swc turn it into CommonJS.
const esmDeps = ['/node_modules/(?!(cookie)/)'];
const swc = ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } }];
module.exports = {
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      roots: ['<rootDir>/src'],
      testMatch: ['**/*.test.ts'],
      transform: { '^.+\\.[tj]s$': swc },
      transformIgnorePatterns: esmDeps,
    },
    {
      displayName: 'integration',
      testEnvironment: 'node',
      roots: ['<rootDir>/test/integration'],
      testMatch: ['**/*.test.ts'],
      transform: { '^.+\\.[tj]s$': swc },
      transformIgnorePatterns: esmDeps,
      globalSetup: '<rootDir>/test/integration/global-setup.js',
      setupFilesAfterEnv: ['<rootDir>/test/integration/setup-timeout.js'],
    },
  ],
};
