// English for the audit log screen, reviews and the transcript export (joined into ../en.ts). Russian: ../ru/parts/audit.ts.
export const auditEn = {
} as const;
