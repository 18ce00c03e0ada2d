/** Applying was refused by the audit settings or an unusable --actor; nothing was written. */
export class AuditRefusal extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuditRefusal';
  }
}
