/** Logical id of a handler's function: functions/http/auth/signup.ts → HttpAuthSignup. */
export function functionId(handler: string): string {
  return handler
    .replace(/^functions\//, '')
    .replace(/\.ts$/, '')
    .split(/[/_-]/)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}
