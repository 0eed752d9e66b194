#!/usr/bin/env node
// Lints a SAM/CloudFormation template and every Step Functions definition it names.
//
//   node lint.js TEMPLATE [--noise known-noise.json] [--asl extra.asl.json ...]
//
// 1. cfn-lint (npm, 1.9.7): every crit/warn message must be listed in the noise file (its 2019 spec does not
//    know newer properties); anything else fails, and so does a noise entry that no longer occurs.
// 2. For each AWS::Serverless::StateMachine (DefinitionUri file or inline Definition) and
//    AWS::StepFunctions::StateMachine (DefinitionString / Definition): every ${Name} in the definition must have a
//    DefinitionSubstitutions entry (and every entry must be used); each ${Name} is replaced by a dummy Lambda ARN,
//    then the definition is validated by asl-validator and by AWS's amazon-states-language-service.
// Exit 0 if everything passed, 1 if something failed, 2 on an unexpected exception.
'use strict';
const fs = require('fs');
const path = require('path');

const args = process.argv.slice(2);
const opt = { noise: path.join(__dirname, 'known-noise.json'), asl: [] };
let templatePath;
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--noise') opt.noise = args[++i];
  else if (args[i] === '--asl') opt.asl.push(args[++i]);
  else templatePath = args[i];
}
if (!templatePath) {
  console.error('usage: node lint.js TEMPLATE [--noise known-noise.json] [--asl extra.asl.json ...]');
  process.exit(2);
}

const results = []; // {name, ok, lines[]}
const record = (name, problems) => results.push({ name, ok: problems.length === 0, problems });

// ---------- 1. cfn-lint ----------
function runCfnLint() {
  // One validation per process: cfn-lint keeps state between validateFile calls (the second call on the same
  // template reports one message fewer).
  const cfn = require('cfn-lint/lib/api');
  const res = cfn.validateFile(templatePath, {});
  const noise = fs.existsSync(opt.noise) ? JSON.parse(fs.readFileSync(opt.noise, 'utf8'))['cfn-lint'] || [] : [];
  const key = (e) => `${e.resource} | ${e.message}`;
  const expected = new Map(noise.map((n) => [key(n), n]));
  const seen = new Set();
  const problems = [];
  for (const level of ['crit', 'warn']) {
    for (const e of res.errors[level]) {
      if (expected.has(key(e))) seen.add(key(e));
      else problems.push(`cfn-lint ${level}: ${e.resource}: ${e.message}`);
    }
  }
  for (const k of expected.keys()) {
    if (!seen.has(k)) problems.push(`known-noise entry no longer reported (remove it from ${path.basename(opt.noise)}): ${k}`);
  }
  for (const e of res.errors.info) console.log(`  cfn-lint info: ${e.resource}: ${e.message}`);
  console.log(`cfn-lint ${require('cfn-lint/package.json').version}: ${res.errors.crit.length} crit, ${res.errors.warn.length} warn, `
    + `${seen.size} of them known noise`);
  record(`cfn-lint ${templatePath}`, problems);
}

// ---------- 2. Step Functions definitions ----------
const PLACEHOLDER = /\$\{([^}]+)\}/g;
const dummyArn = (name) => `arn:aws:lambda:us-east-1:123456789012:function:${name.replace(/[^A-Za-z0-9_-]/g, '_')}`;

function placeholders(text) {
  return new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]));
}

async function validateAsl(label, text, isYaml, substitutions) {
  const problems = [];
  const used = placeholders(text);
  if (substitutions) {
    for (const n of used) if (!(n in substitutions)) problems.push(`\${${n}} has no DefinitionSubstitutions entry`);
    for (const n of Object.keys(substitutions)) if (!used.has(n)) problems.push(`DefinitionSubstitutions.${n} is not used in the definition`);
  }
  // Textual replacement keeps line numbers; the dummy contains no quote, backslash or YAML-special character.
  const substituted = text.replace(PLACEHOLDER, (_, n) => dummyArn(n));
  let definition;
  try {
    definition = isYaml ? require('yaml').parse(substituted) : JSON.parse(substituted);
  } catch (e) {
    record(label, [...problems, `not valid ${isYaml ? 'YAML' : 'JSON'}: ${e.message}`]);
    return;
  }
  // asl-validator (it adds QueryLanguage to the states it is given, so it gets a copy)
  const aslValidator = require('asl-validator');
  const v = aslValidator(JSON.parse(JSON.stringify(definition)));
  for (const e of v.errors) problems.push(`asl-validator ${e['Error code']}: ${e.Message}`);
  // amazon-states-language-service (AWS's, as in the VS Code toolkit): stricter Retry/Catch schema, line numbers
  const asls = require('amazon-states-language-service');
  const { TextDocument } = require('vscode-languageserver-textdocument');
  const service = isYaml ? asls.getYamlLanguageService({}) : asls.getLanguageService({});
  const doc = TextDocument.create(`file:///${label}`, isYaml ? 'asl-yaml' : 'asl', 1, substituted);
  const diags = await service.doValidation(doc, isYaml ? undefined : service.parseJSONDocument(doc));
  for (const d of diags) {
    if (d.severity === 1 || d.severity === 2) {
      problems.push(`asl-language-service ${d.severity === 1 ? 'error' : 'warning'} line ${d.range.start.line + 1}: ${d.message}`);
    }
  }
  record(label, problems);
}

async function stateMachines() {
  const template = require('cfn-lint/lib/parser').openFile(templatePath);
  const dir = path.dirname(templatePath);
  for (const [id, r] of Object.entries(template.Resources || {})) {
    const p = r.Properties || {};
    const subs = p.DefinitionSubstitutions || {};
    if (r.Type === 'AWS::Serverless::StateMachine') {
      if (typeof p.DefinitionUri === 'string') {
        const f = path.join(dir, p.DefinitionUri);
        await validateAsl(`${id} (${p.DefinitionUri})`, fs.readFileSync(f, 'utf8'), /\.ya?ml$/.test(f), subs);
      } else if (p.Definition) {
        await validateAsl(`${id} (Definition)`, JSON.stringify(p.Definition, null, 2), false, subs);
      } else {
        record(`${id}`, [`no local DefinitionUri or Definition to validate`]);
      }
    } else if (r.Type === 'AWS::StepFunctions::StateMachine') {
      if (typeof p.DefinitionString === 'string') await validateAsl(`${id} (DefinitionString)`, p.DefinitionString, false, subs);
      else if (p.Definition) await validateAsl(`${id} (Definition)`, JSON.stringify(p.Definition, null, 2), false, subs);
      else record(`${id}`, [`DefinitionString is not a plain string (Fn::Sub/Join) or is in S3: not validated`]);
    }
  }
  for (const f of opt.asl) await validateAsl(f, fs.readFileSync(f, 'utf8'), /\.ya?ml$/.test(f), null);
}

(async () => {
  runCfnLint();
  await stateMachines();
  let failed = 0;
  for (const r of results) {
    console.log(`${r.ok ? 'PASS' : 'FAIL'} ${r.name}`);
    for (const p of r.problems) console.log(`     ${p}`);
    if (!r.ok) failed++;
  }
  console.log(`lint: ${results.length - failed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
})().catch((e) => {
  console.error(e && e.stack || e);
  process.exit(2);
});
