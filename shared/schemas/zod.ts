/**
 * The one zod every module imports (`import * as z from '<path>/schemas/zod'`): zod/mini, the functional form of
 * zod 4 (`z.optional(x)`, `x.check(z.minLength(1))`, `z._default(x, v)`). Its validators are plain functions, so a
 * Lambda bundles only the ones it uses (~20 KB), where classic zod's method chains put the whole library (~90 KB)
 * in every bundle (issue 21 item 8). Same core, same parsing, same JSON Schema for OpenAPI.
 *
 * zod/mini ships no error messages ("Invalid input" everywhere), and the contract's `details[].message` carries
 * them, so the English locale classic zod loads by default is configured here, once, for every schema.
 */
import { en } from 'zod/locales';
import * as z from 'zod/mini';

z.config(en());

export * from 'zod/mini';
