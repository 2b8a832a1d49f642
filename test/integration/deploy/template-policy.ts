/** The parts of the packaged CloudFormation template the deploy tests read. */
export interface Template {
  Conditions: Record<string, unknown>;
  Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
}

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: { StringLike?: Record<string, string[]> };
}

/** Evaluates a template condition built from Fn::Equals / Fn::Not on literals (all this template uses). */
function holds(template: Template, condition: unknown): boolean {
  const record = condition as Record<string, unknown[]>;
  if ('Condition' in record) return holds(template, template.Conditions[String(record.Condition)]);
  if ('Fn::Not' in record) return !holds(template, record['Fn::Not'][0]);
  if ('Fn::Equals' in record)
    return JSON.stringify(record['Fn::Equals'][0]) === JSON.stringify(record['Fn::Equals'][1]);
  throw new Error(`unexpected condition ${JSON.stringify(condition)}`);
}

/** Resource patterns, Fn::Sub templates as written (`s3:::${Bucket}/plans/*`), Fn::If resolved. */
function render(template: Template, resource: unknown): string[] {
  if (typeof resource === 'string') return [resource];
  if (Array.isArray(resource)) return resource.flatMap((item) => render(template, item));
  const record = resource as Record<string, unknown>;
  if ('Fn::Sub' in record)
    return [Array.isArray(record['Fn::Sub']) ? String(record['Fn::Sub'][0]) : String(record['Fn::Sub'])];
  if ('Fn::If' in record) {
    const [name, whenTrue, whenFalse] = record['Fn::If'] as [string, unknown, unknown];
    return render(template, holds(template, { Condition: name }) ? whenTrue : whenFalse);
  }
  if (record.Ref === 'AWS::NoValue') return [];
  return [JSON.stringify(record)];
}

/** The Allow statements of a role, with conditional statements resolved for these parameters. */
export function roleStatements(template: Template, roleLogicalId: string): Statement[] {
  const policies = template.Resources[roleLogicalId].Properties.Policies as {
    PolicyDocument: { Statement: unknown[] };
  }[];
  const statements: Statement[] = [];
  for (const raw of policies.flatMap((policy) => policy.PolicyDocument.Statement)) {
    const chosen =
      'Fn::If' in (raw as object) ? (raw as { 'Fn::If': [string, unknown, unknown] })['Fn::If'] : undefined;
    const statement = (chosen ? (holds(template, { Condition: chosen[0] }) ? chosen[1] : chosen[2]) : raw) as
      Statement | { Ref: string };
    if (!('Ref' in statement)) statements.push(statement);
  }
  return statements;
}

/** A role's grants as `action -> resource patterns`, `arn:${AWS::Partition}:` dropped. */
export function rolePermissions(template: Template, roleLogicalId: string): Map<string, string[]> {
  const byAction = new Map<string, string[]>();
  for (const statement of roleStatements(template, roleLogicalId)) {
    const resources = render(template, statement.Resource).map((arn) => arn.replace(/^arn:\$\{AWS::Partition\}:/, ''));
    for (const action of [statement.Action].flat())
      byAction.set(action, [...(byAction.get(action) ?? []), ...resources]);
  }
  return byAction;
}

/** The `s3:prefix` patterns a role's ListBucket grant is limited to (undefined: no ListBucket). */
export function listPrefixes(template: Template, roleLogicalId: string): string[] | undefined {
  return roleStatements(template, roleLogicalId).find((statement) => statement.Action === 's3:ListBucket')?.Condition
    ?.StringLike?.['s3:prefix'];
}

/** IAM's StringLike / ARN wildcard match: `*` any run of characters, `?` one character. */
export function matchesWildcard(pattern: string, value: string): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`).test(value);
}

/**
 * Whether a role may make this S3 call: GetObject/PutObject on the object's ARN, ListBucket
 * with this `s3:prefix`. Only the data bucket's patterns (`s3:::${Bucket}/...`) are considered.
 */
export function allowsS3(template: Template, roleLogicalId: string, action: string, key: string): boolean {
  if (action === 's3:ListBucket')
    return (listPrefixes(template, roleLogicalId) ?? []).some((pattern) => matchesWildcard(pattern, key));
  const patterns =
    rolePermissions(template, roleLogicalId).get(action === 's3:HeadObject' ? 's3:GetObject' : action) ?? [];
  return patterns.some(
    (pattern) => pattern.startsWith('s3:::${Bucket}/') && matchesWildcard(pattern.slice('s3:::${Bucket}/'.length), key),
  );
}
