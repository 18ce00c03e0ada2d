import { ENTITIES } from '../entities/index.js';

export interface RequiredColumn {
  column: string;
  nullable: boolean;
}

interface EntityMeta {
  tableName: string;
  properties: Record<string, { fieldName: string; nullable?: boolean }>;
}

/** The tables and columns accessctl reads and writes, taken from the entity definitions. */
export function requiredTables(): Map<string, RequiredColumn[]> {
  const tables = new Map<string, RequiredColumn[]>();
  for (const entity of ENTITIES) {
    // defineEntity keeps its options on `meta`: the table name and each property's column.
    const meta = (entity as unknown as { meta: EntityMeta }).meta;
    const columns = Object.values(meta.properties).map((prop) => ({ column: prop.fieldName, nullable: Boolean(prop.nullable) }));
    tables.set(meta.tableName, columns);
  }
  return tables;
}
