/** One alert as Alertmanager's API v2 takes it. */
export interface AlertmanagerAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  /** Set to now to resolve; left out while firing (Alertmanager then applies its resolve_timeout). */
  endsAt?: string;
  generatorURL?: string;
}

/**
 * Posts alerts to an Alertmanager (`POST <base>/api/v2/alerts`), cut off after `timeoutMs`.
 * Returns why it failed, or null; a notification failing never stops healing.
 */
export async function postAlerts(baseUrl: string, alerts: AlertmanagerAlert[], timeoutMs = 5000): Promise<string | null> {
  if (alerts.length === 0) return null;
  try {
    const response = await fetch(`${baseUrl}/api/v2/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(alerts),
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (response.ok) return null;
    return `Alertmanager answered ${response.status}: ${(await response.text()).slice(0, 200)}`;
  } catch (error) {
    return `cannot reach Alertmanager at ${baseUrl}: ${(error as Error).message}`;
  }
}
