import { ENTITIES } from '../entities/index.js';

export interface RequiredColumn {
  column: string;
  nullable: boolean;
}

/** The tables and columns accessctl reads and writes, taken from the entity definitions. */
export function requiredTables(): Map<string, RequiredColumn[]> {
  const tables = new Map<string, RequiredColumn[]>();
  for (const entity of ENTITIES) {
    const meta = (entity as any).meta;
    const columns = Object.values<any>(meta.properties).map((prop) => ({ column: prop.fieldName as string, nullable: Boolean(prop.nullable) }));
    tables.set(meta.tableName, columns);
  }
  return tables;
}
