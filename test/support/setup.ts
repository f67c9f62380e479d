// Runs before every test file (vitest setupFiles): quiet logs and no real provider keys leaking in from the shell.
process.env.LOG_LEVEL ??= 'SILENT';
process.env.POWERTOOLS_DEV = 'false';
for (const name of Object.keys(process.env)) {
  if (/^(META|TIKTOK|GOOGLE|OPENAI|STRIPE|AIRTABLE|NOTION)_/.test(name) && !name.endsWith('_URL'))
    delete process.env[name];
}
