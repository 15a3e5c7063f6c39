import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import ts from 'typescript';

// The argument and nested block names of the real AWS provider schema, read from @cdktf/provider-aws: its
// bindings are generated from `terraform providers schema -json` of one hashicorp/aws version, one folder per
// resource or data source under lib/. The config interfaces of index.d.ts carry every argument (JSDoc links end
// in `#snake_name`), nested blocks are interfaces of the same file, and the resource class's other getters are the
// computed-only attributes. The .d.ts is read with the TypeScript compiler API; the compiled index.js only gives the
// snake_case name of those getters, which camelCase alone cannot (`addressLine1` is `address_line_1`).

export type SchemaKind = 'resource' | 'data';

/** One block of a schema: the resource or data source itself, or one of its nested blocks. */
export interface SchemaBlock {
  /** Arguments that can be set (required, optional or optional+computed). */
  arguments: Set<string>;
  /** Nested blocks; null when the bindings type a block as `any` (wafv2 `statement`): its contents are unknown. */
  blocks: Map<string, SchemaBlock | null>;
  /** Arguments and nested blocks that must be given. */
  required: Set<string>;
  /**
   * Entries of `blocks` the schema declares as attributes of a nested object type, not as blocks (the JSDoc does
   * not say `… block`): `aws_security_group` `ingress`, plugin-framework nested attributes. Terraform takes
   * `name = [{…}]` for them; the older ones also take block syntax.
   */
  nestedAttributes: Set<string>;
}

export interface SchemaType extends SchemaBlock {
  type: string;
  kind: SchemaKind;
  /** Folder under @cdktf/provider-aws/lib. */
  folder: string;
  /** Attributes that can be read but not set (arn, url, …); top level only. */
  computed: Set<string>;
}

const packageJsonPath = createRequire(import.meta.url).resolve('@cdktf/provider-aws/package.json');
const libDir = path.join(path.dirname(packageJsonPath), 'lib');
const packageJson = JSON.parse(readFileSync(packageJsonPath, 'utf8')) as {
  version: string;
  cdktf: { provider: { name: string; version: string } };
};

/** The bindings' package version and the hashicorp/aws version they were generated from. */
export const AWS_PROVIDER_SCHEMA = {
  package: packageJson.version,
  provider: packageJson.cdktf.provider.name,
  providerVersion: packageJson.cdktf.provider.version,
};

let folders: Map<string, string> | undefined;

/** `resource aws_sqs_queue` → `sqs-queue`, from each folder's `tfResourceType`; built once. */
function folderIndex(): Map<string, string> {
  if (folders) return folders;
  folders = new Map();
  for (const folder of readdirSync(libDir)) {
    let js: string;
    try {
      js = readFileSync(path.join(libDir, folder, 'index.js'), 'utf8');
    } catch {
      continue; // lib/index.js and lib/lazy-index.js are files, not folders
    }
    // One literal assignment per folder, `X.tfResourceType = "aws_…";`: a plain string search is enough here.
    const at = js.lastIndexOf('.tfResourceType = "');
    if (at < 0) continue;
    const start = at + '.tfResourceType = "'.length;
    const type = js.slice(start, js.indexOf('"', start));
    folders.set(`${folder.startsWith('data-aws-') ? 'data' : 'resource'} ${type}`, folder);
  }
  return folders;
}

/** Every resource or data source type the bindings know. */
export function awsProviderTypes(kind: SchemaKind): string[] {
  return [...folderIndex().keys()].filter((key) => key.startsWith(`${kind} `)).map((key) => key.slice(kind.length + 1));
}

const cache = new Map<string, SchemaType | undefined>();

/** The schema of one aws_* resource or data source, or undefined when the provider has no such type. */
export function awsProviderSchema(type: string, kind: SchemaKind): SchemaType | undefined {
  const key = `${kind} ${type}`;
  if (!cache.has(key)) {
    const folder = folderIndex().get(key);
    cache.set(key, folder === undefined ? undefined : readType(type, kind, folder));
  }
  return cache.get(key);
}

function readType(type: string, kind: SchemaKind, folder: string): SchemaType {
  const dts = sourceFile(path.join(folder, 'index.d.ts'));
  const interfaces = new Map<string, ts.InterfaceDeclaration>();
  let resourceClass: ts.ClassDeclaration | undefined;
  for (const statement of dts.statements) {
    if (ts.isInterfaceDeclaration(statement)) interfaces.set(statement.name.text, statement);
    else if (ts.isClassDeclaration(statement) && statement.members.some((m) => isStatic(m, 'tfResourceType'))) {
      resourceClass = statement;
    }
  }
  if (!resourceClass?.name) throw new Error(`${folder}/index.d.ts: no class with tfResourceType`);
  const configName = configInterfaceName(resourceClass);
  const config = configName ? interfaces.get(configName) : undefined;
  if (!config) throw new Error(`${folder}/index.d.ts: no config interface for ${resourceClass.name.text}`);
  const block = readBlock(config, interfaces, dts, folder);

  // Getters that are neither a config property nor its `…Input` twin are the computed-only attributes.
  const configProperties = new Set(
    config.members.flatMap((m) => (m.name && ts.isIdentifier(m.name) ? [m.name.text] : [])),
  );
  const computedGetters = resourceClass.members.flatMap((member) =>
    ts.isGetAccessorDeclaration(member) && ts.isIdentifier(member.name) && !isStaticMember(member)
      ? [member.name.text]
      : [],
  );
  const getterNames = attributeNamesOfGetters(folder, resourceClass.name.text);
  const computed = new Set<string>();
  for (const getter of computedGetters) {
    if (configProperties.has(getter)) continue;
    if (getter.endsWith('Input') && configProperties.has(getter.slice(0, -'Input'.length))) continue;
    const name = getterNames.get(getter) ?? getter.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    if (!block.arguments.has(name) && !block.blocks.has(name)) computed.add(name);
  }
  return { type, kind, folder, ...block, computed };
}

function sourceFile(relative: string): ts.SourceFile {
  let text = readFileSync(path.join(libDir, relative), 'utf8');
  // The compiled .js ends in an inline source map as large as the code; nothing in it is needed.
  const map = text.lastIndexOf('\n//# sourceMappingURL=');
  if (map >= 0) text = text.slice(0, map);
  // Parent pointers: ts.getJSDocCommentsAndTags walks up from a property to find its comment.
  return ts.createSourceFile(relative, text, ts.ScriptTarget.ES2022, true);
}

const isStaticMember = (member: ts.ClassElement) =>
  ts.canHaveModifiers(member) && (ts.getModifiers(member) ?? []).some((m) => m.kind === ts.SyntaxKind.StaticKeyword);

const isStatic = (member: ts.ClassElement, name: string) =>
  isStaticMember(member) && member.name !== undefined && ts.isIdentifier(member.name) && member.name.text === name;

/** The type of the constructor's `config` parameter: `SqsQueueConfig`. */
function configInterfaceName(resourceClass: ts.ClassDeclaration): string | undefined {
  for (const member of resourceClass.members) {
    if (!ts.isConstructorDeclaration(member)) continue;
    const type = member.parameters[2]?.type;
    if (type && ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName)) return type.typeName.text;
  }
  return undefined;
}

/** `SqsQueue#kms_master_key_id` in a property's JSDoc link gives its snake_case name. */
function snakeName(member: ts.TypeElement, dts: ts.SourceFile): string | undefined {
  for (const doc of ts.getJSDocCommentsAndTags(member)) {
    const comment = ts.isJSDoc(doc) ? doc.comment : undefined;
    if (comment === undefined || typeof comment === 'string') continue;
    for (const part of comment) {
      if (!ts.isJSDocLink(part)) continue;
      const target = part.name ? part.name.getText(dts) : '';
      const hash = `${target}${part.text}`.indexOf('#');
      if (hash < 0) continue;
      const name = `${target}${part.text}`.slice(hash + 1).split(/\s/)[0];
      if (name) return name;
    }
  }
  return undefined;
}

/** Whether the JSDoc says `<name> block` (the only hint for a block the bindings type as `any`). */
const documentedAsBlock = (member: ts.TypeElement, name: string) =>
  ts
    .getJSDocCommentsAndTags(member)
    .some((doc) => ts.isJSDoc(doc) && ts.getTextOfJSDocComment(doc.comment)?.trimStart().startsWith(`${name} block`));

/** The interface of the same file a property's type names, through `X[] | cdktf.IResolvable`, if any. */
function nestedInterface(
  type: ts.TypeNode | undefined,
  interfaces: Map<string, ts.InterfaceDeclaration>,
): ts.InterfaceDeclaration | undefined {
  if (!type) return undefined;
  if (ts.isUnionTypeNode(type)) {
    for (const member of type.types) {
      const found = nestedInterface(member, interfaces);
      if (found) return found;
    }
    return undefined;
  }
  if (ts.isArrayTypeNode(type)) return nestedInterface(type.elementType, interfaces);
  if (ts.isParenthesizedTypeNode(type)) return nestedInterface(type.type, interfaces);
  if (ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName)) return interfaces.get(type.typeName.text);
  return undefined;
}

function readBlock(
  declaration: ts.InterfaceDeclaration,
  interfaces: Map<string, ts.InterfaceDeclaration>,
  dts: ts.SourceFile,
  folder: string,
): SchemaBlock {
  const block: SchemaBlock = {
    arguments: new Set(),
    blocks: new Map(),
    required: new Set(),
    nestedAttributes: new Set(),
  };
  for (const member of declaration.members) {
    if (!ts.isPropertySignature(member)) continue;
    const name = snakeName(member, dts);
    if (!name) throw new Error(`${folder}: ${declaration.name.text}.${member.name.getText(dts)} has no #name link`);
    if (!member.questionToken) block.required.add(name);
    const nested = nestedInterface(member.type, interfaces);
    if (nested) {
      block.blocks.set(name, readBlock(nested, interfaces, dts, folder));
      if (!documentedAsBlock(member, name)) block.nestedAttributes.add(name);
    } else if (member.type?.kind === ts.SyntaxKind.AnyKeyword && documentedAsBlock(member, name)) {
      block.blocks.set(name, null);
    } else block.arguments.add(name);
  }
  return block;
}

/**
 * The attribute each getter of the compiled class reads: `get arn() { return this.getStringAttribute('arn'); }`,
 * or `get identity() { return this._identity; }` with `this._identity = new …List(this, "identity", …)`.
 */
function attributeNamesOfGetters(folder: string, className: string): Map<string, string> {
  const js = sourceFile(path.join(folder, 'index.js'));
  const names = new Map<string, string>();
  const klass = js.statements.find(
    (s): s is ts.ClassDeclaration => ts.isClassDeclaration(s) && s.name?.text === className,
  );
  if (!klass) return names;
  const fields = new Map<string, string>();
  const firstString = (node: ts.Node): string | undefined => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
    return undefined;
  };
  const visit = (node: ts.Node): void => {
    // this._x = new Something(this, "x", …)
    if (
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      ts.isPropertyAccessExpression(node.left) &&
      node.left.expression.kind === ts.SyntaxKind.ThisKeyword &&
      ts.isNewExpression(node.right)
    ) {
      const name = node.right.arguments?.[1] && firstString(node.right.arguments[1]);
      if (name) fields.set(node.left.name.text, name);
    }
    ts.forEachChild(node, visit);
  };
  visit(klass);
  for (const member of klass.members) {
    if (!ts.isGetAccessorDeclaration(member) || !ts.isIdentifier(member.name) || !member.body) continue;
    let found: string | undefined;
    const inGetter = (node: ts.Node): void => {
      if (found) return;
      if (
        ts.isCallExpression(node) &&
        ts.isPropertyAccessExpression(node.expression) &&
        node.expression.expression.kind === ts.SyntaxKind.ThisKeyword &&
        /^(get\w*Attribute|interpolationForAttribute)$/.test(node.expression.name.text) &&
        node.arguments[0]
      ) {
        found = firstString(node.arguments[0]);
      } else if (
        ts.isPropertyAccessExpression(node) &&
        node.expression.kind === ts.SyntaxKind.ThisKeyword &&
        fields.has(node.name.text)
      ) {
        found = fields.get(node.name.text);
      }
      ts.forEachChild(node, inGetter);
    };
    inGetter(member.body);
    if (found) names.set(member.name.text, found);
  }
  return names;
}
