import { describe, expect, it } from 'vitest';
import type { Alert } from './alert.ts';
import { templateProblem, webhookBody } from './webhook-body.ts';

const alert: Alert = {
  key: 'cycle',
  kind: 'cycle-failed',
  severity: 'critical',
  title: 'The rebalance on 2025-03-03 failed: "HTTP 500"',
  impact: 'The portfolio may stay off target.',
  action: 'Run `dalio status`.',
  details: ['buy VTI $100.00: rejected'],
  at: '2025-03-03T15:00:00.000Z',
  mode: 'live',
};

describe('webhook bodies', () => {
  it('Slack and Discord presets carry the whole message as text', () => {
    const slack = JSON.parse(webhookBody(alert, 'slack')) as { text: string };
    expect(slack.text).toMatch(
      /^\[Dalio Lite live\] CRITICAL: The rebalance on 2025-03-03 failed: "HTTP 500"\n/,
    );
    expect(slack.text).toContain('What to do next: Run `dalio status`.');
    const discord = JSON.parse(webhookBody({ ...alert, details: ['x'.repeat(3000)] }, 'discord')) as {
      content: string;
    };
    expect(discord.content).toHaveLength(2000);
  });

  it('the generic preset sends every field', () => {
    expect(JSON.parse(webhookBody(alert, 'generic'))).toMatchObject({
      source: 'dalio-lite',
      key: 'cycle',
      kind: 'cycle-failed',
      severity: 'critical',
      impact: alert.impact,
    });
  });

  it('a per-kind template wins over the default and the preset, with fields escaped for JSON', () => {
    const templates = {
      default: '{"all": "{{subject}}"}',
      'cycle-failed': '{"failed": "{{title}}", "sev": "{{severity}}"}',
    };
    expect(JSON.parse(webhookBody(alert, 'slack', templates))).toEqual({
      failed: alert.title,
      sev: 'critical',
    });
    expect(JSON.parse(webhookBody({ ...alert, kind: 'dead-man' }, 'slack', templates))).toEqual({
      all: '[Dalio Lite live] CRITICAL: The rebalance on 2025-03-03 failed: "HTTP 500"',
    });
  });

  it('names what is wrong with a template', () => {
    expect(templateProblem('{"text": "{{subject}}"}')).toBeNull();
    expect(templateProblem('{"text": "{{subjekt}}"}')).toMatch(/^uses \{\{subjekt\}\}, which is not a field/);
    expect(templateProblem('{"text": {{subject}}}')).toMatch(/^is not JSON once filled in/);
  });
});
