/** @module `ipshadow netbox setup`: idempotently creates the tag, custom fields, webhook and event rule. */
import type { Log } from '../../log/logger';
import type { NetBoxHttp } from './http';
import { unwrapChoice } from './choice';
import { MIRROR_KINDS } from './kinds';
import { CUSTOM_FIELD_GROUP, SHADOW_CUSTOM_FIELDS, STATE_CHOICE_SET, STATE_CHOICES } from './shadow-fields';

/** What setup did to one object. */
export interface SetupAction {
  object: string;
  name: string;
  id: number;
  action: 'created' | 'updated' | 'unchanged';
}

/** Inputs for setup. */
export interface SetupOptions {
  tag: string;
  webhook?: { name: string; payloadUrl: string; secret: string };
}

type Obj = { id: number } & Record<string, unknown>;

const sameValue = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Creates or converges every object ipshadow needs in NetBox. */
export class NetBoxSetup {
  constructor(private readonly http: NetBoxHttp, private readonly log: Log) {}

  /** Runs setup; a second run reports every object as unchanged. */
  async run(opts: SetupOptions): Promise<SetupAction[]> {
    const actions: SetupAction[] = [];
    const tag = await this.ensure('/api/extras/tags/', { slug: opts.tag }, { name: opts.tag, slug: opts.tag, color: '607d8b', description: 'Shadow reservations made by ipshadow' }, ['name']);
    actions.push(tag.action);
    const choices = await this.ensure('/api/extras/custom-field-choice-sets/', { name: STATE_CHOICE_SET }, { name: STATE_CHOICE_SET, extra_choices: STATE_CHOICES, order_alphabetically: false }, ['extra_choices']);
    actions.push(choices.action);
    for (const field of SHADOW_CUSTOM_FIELDS) {
      const body = {
        name: field.name, label: field.label, type: field.type, description: field.description, object_types: ['ipam.ipaddress'],
        group_name: CUSTOM_FIELD_GROUP, required: false, ...(field.type === 'select' && { choice_set: choices.obj.id }),
        ...(field.type === 'decimal' && { validation_minimum: 0, validation_maximum: 1 }),
      };
      actions.push((await this.ensure('/api/extras/custom-fields/', { name: field.name }, body, ['object_types', 'type', 'group_name', 'description'])).action);
    }
    if (opts.webhook) {
      const wh = opts.webhook;
      const webhook = await this.ensure('/api/extras/webhooks/', { name: wh.name },
        { name: wh.name, payload_url: wh.payloadUrl, http_method: 'POST', http_content_type: 'application/json', secret: wh.secret, ssl_verification: true },
        ['payload_url', 'http_method', 'http_content_type', 'secret']);
      actions.push(webhook.action);
      const rule = {
        name: `${wh.name}-mirror`, enabled: true, object_types: MIRROR_KINDS.map((k) => k.objectType).sort(),
        event_types: ['object_created', 'object_updated', 'object_deleted'], action_type: 'webhook', action_object_type: 'extras.webhook',
        action_object_id: webhook.obj.id, description: 'Keeps the ipshadow mirror in sync',
      };
      actions.push((await this.ensure('/api/extras/event-rules/', { name: rule.name }, rule, ['enabled', 'object_types', 'event_types', 'action_object_id'])).action);
    }
    return actions;
  }

  /** Finds an object by a unique filter; creates it, or PATCHes the fields in `converge` that differ. */
  private async ensure(path: string, filter: Record<string, string>, body: Record<string, unknown>, converge: string[]): Promise<{ obj: Obj; action: SetupAction }> {
    const found = await this.http.get<{ results: Obj[] }>(path, { ...filter, limit: 2 });
    const kind = path.split('/').filter(Boolean).pop() ?? path;
    const name = Object.values(filter)[0] ?? '';
    let obj = found.results[0];
    let action: SetupAction['action'] = 'unchanged';
    if (!obj) {
      obj = await this.http.request<Obj>('POST', path, body);
      action = 'created';
    } else {
      const patch = Object.fromEntries(converge.filter((k) => !sameValue(normalise(obj![k]), normalise(body[k]))).map((k) => [k, body[k]]));
      if (Object.keys(patch).length > 0) {
        obj = await this.http.request<Obj>('PATCH', `${path}${obj.id}/`, patch);
        action = 'updated';
      }
    }
    const result = { object: kind, name, id: obj.id, action };
    this.log.info('netbox.setup.object', result);
    return { obj, action: result };
  }
}

/** NetBox echoes choices as `{value, label}` and lists in its own order; compare on plain sorted values. */
function normalise(v: unknown): unknown {
  if (Array.isArray(v)) return v.every((x) => typeof x === 'string') ? [...v].sort() : v;
  return unwrapChoice(v);
}
