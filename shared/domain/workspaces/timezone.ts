/**
 * The time zone of a workspace that never chose one (created without it, or stored before the field existed):
 * its quota day, its LinkedIn working hours and its plan checks follow it.
 */
export const DEFAULT_TIMEZONE = 'Europe/Paris';
