// Creates the service table locally from resources/table.yml, the definition serverless.yml deploys.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { ensureTable, type TableProperties } from '../../lib/store/create-table';

export const TABLE_DEFINITION = resolve(__dirname, '../../resources/table.yml');

export function tableProperties(): TableProperties {
  // The YAML's Serverless variables (the table name) are left unresolved; the caller names the table.
  const document = parse(readFileSync(TABLE_DEFINITION, 'utf8')) as {
    Resources: { AuthTable: { Properties: TableProperties } };
  };
  return document.Resources.AuthTable.Properties;
}

export function createLocalTable(tableName: string): Promise<'created' | 'existed'> {
  return ensureTable(tableName, tableProperties());
}
