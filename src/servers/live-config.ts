// Checks shared by the backend factories when reading live-backend settings.
import { PilotError } from '../core/errors.js';

/** The value when it is an http(s) URL; a config error naming the setting otherwise. */
export function checkHttpUrl(value: string, setting: string): string {
  try {
    const u = new URL(value);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('not http(s)');
    return value;
  } catch {
    throw new PilotError('config', `${setting} is not an http(s) URL`, {
      hint: `set ${setting} to something like http://host:port`,
    });
  }
}
