/** The state machine definition with its DefinitionSubstitutions filled in, as the SAM template will fill them. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PipelineFunction } from '../../../pipeline/constants.js';

export const DEFINITION_PATH = fileURLToPath(new URL('../../../pipeline/build-pipeline.asl.json', import.meta.url));

const fn = (name: string): string => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;

export const SAMPLE_SUBSTITUTIONS = {
  WhatChangedFunctionArn: fn(PipelineFunction.WhatChanged),
  StartBuildFunctionArn: fn(PipelineFunction.StartBuild),
  CheckBuildFunctionArn: fn(PipelineFunction.CheckBuild),
  NotifyFunctionArn: fn(PipelineFunction.Notify),
  DockerImageProjectName: 'site-builder-image',
  SiteProjectName: 'site-build',
  MaxPolls: '3',
  PollSeconds: '30',
} as const;

export type Substitutions = Record<keyof typeof SAMPLE_SUBSTITUTIONS, string>;

const PLACEHOLDER = /\$\{([A-Za-z0-9_]+)\}/g;

/** The placeholder names the definition uses. */
export function placeholdersIn(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1] as string))].sort();
}

/** Replaces every `${Name}`; an unknown name is an error (SAM would leave it in and the deploy would fail). */
export function substitute(text: string, values: Readonly<Record<string, string>>): string {
  return text.replace(PLACEHOLDER, (_all, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no substitution for \${${name}}`);
    return value;
  });
}

export function definitionText(values: Readonly<Record<string, string>> = SAMPLE_SUBSTITUTIONS): string {
  return substitute(readFileSync(DEFINITION_PATH, 'utf8'), values);
}
