// English for the reports screen, its charts and exports, and the live board (joined into ../en.ts). Russian: ../ru/parts/reports.ts.
export const reportsEn = {
} as const;
