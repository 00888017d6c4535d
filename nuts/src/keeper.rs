//! `nuts keeper`: the Timer Oracle. It follows every domain the registry activates, reads the
//! managers' `EventScheduled` / `EventUnscheduled` from each new block into a due-time queue,
//! and calls `process_scheduled_event` when an event is due by chain time. On start it rebuilds
//! the queue from the events since `from_block` (the registry's deployment block by default)
//! and keeps only what the manager still has scheduled (`scheduled_event`), so a restart fires
//! nothing twice; a refused call (someone else fired it first) is logged, not fatal.

use std::{
    collections::BTreeMap,
    sync::{
        atomic::{AtomicBool, Ordering},
        Arc,
    },
    time::{Duration, Instant},
};

use client::{
    chain::Chain,
    clients::{Manager, Registry},
};
use traits::{
    events::{EventScheduled, EventUnscheduled},
    AccountId, EngagementId, InstrumentId, IssuanceId, ManagerError, Name, ScheduleKey, Timestamp,
};

use client::node::{wall_clock, NodeBackend};

use crate::deploy::{address, ss58};

/// Where the keeper works.
pub struct Options {
    /// The node's RPC endpoint.
    pub url: String,
    /// The keeper's secret URI: it signs (and pays for) every `process_scheduled_event`.
    pub suri: String,
    /// The registry whose domains to follow.
    pub registry: AccountId,
    /// The block to read events from on start (rebuilding the queue).
    pub from_block: u64,
    /// How often to look for new blocks.
    pub poll: Duration,
    /// On an instant-seal dev node blocks (and so chain time) only come with transactions:
    /// seal one (a `System::remark`) when an event is due by this machine's clock but not yet
    /// by the chain's.
    pub seal_idle: bool,
}

impl Options {
    /// The registry and its deployment block from a `deployments/<chain>.json`.
    pub fn from_deployment(
        file: &std::path::Path,
        url: String,
        suri: String,
    ) -> Result<Self, String> {
        let text = std::fs::read_to_string(file)
            .map_err(|error| format!("{}: {error} (run `nuts deploy` first)", file.display()))?;
        let record: serde_json::Value =
            serde_json::from_str(&text).map_err(|error| format!("{}: {error}", file.display()))?;
        let registry = address(&record, "registry")
            .ok_or_else(|| format!("{} names no registry", file.display()))?;
        let from_block = record["registry"]["block"].as_u64().unwrap_or(0);
        Ok(Self {
            url,
            suri,
            registry,
            from_block,
            poll: Duration::from_secs(1),
            seal_idle: false,
        })
    }
}

/// What a keeper run did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Summary {
    /// Events it fired.
    pub fired: usize,
    /// Calls the manager refused (already fired, not due...).
    pub refused: usize,
}

/// One scheduled event: the manager, the issuance, the engagement and the event's name.
type Entry = (AccountId, IssuanceId, Option<EngagementId>, Name);

fn entry(manager: AccountId, issuance: IssuanceId, key: ScheduleKey) -> Entry {
    (manager, issuance, key.engagement_id, key.name)
}

/// A flag set by Ctrl-C (SIGINT), for [`run`]'s `stop`.
pub fn stop_on_ctrl_c() -> Arc<AtomicBool> {
    let stop = Arc::new(AtomicBool::new(false));
    let flag = stop.clone();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a signal runtime");
        if runtime.block_on(tokio::signal::ctrl_c()).is_ok() {
            flag.store(true, Ordering::SeqCst);
        }
    });
    stop
}

/// Runs the keeper until `stop` is set; `log` gets one line per action.
pub fn run(
    options: &Options,
    stop: &AtomicBool,
    mut log: impl FnMut(&str),
) -> Result<Summary, String> {
    let backend = NodeBackend::connect(&options.url, &options.suri, None)?;
    let keeper = backend.funder();
    let mut chain = Chain::on(Box::new(backend), &[], |_, _| {})?;
    let registry = Registry(options.registry);
    log(&format!(
        "keeper {} on {}: registry {}, reading events from block {}",
        ss58(keeper),
        options.url,
        ss58(registry.0),
        options.from_block
    ));
    let mut state = State {
        managers: BTreeMap::new(),
        queue: BTreeMap::new(),
        next_block: options.from_block,
        retry_after: BTreeMap::new(),
        summary: Summary::default(),
    };
    let mut last_seal = Instant::now() - Duration::from_secs(60);
    let mut rebuilt = false;
    while !stop.load(Ordering::SeqCst) {
        state.follow_domains(&mut chain, registry, &mut log);
        state.read_blocks(&mut chain, &mut log)?;
        if !rebuilt {
            state.drop_stale(&mut chain, &mut log);
            log(&format!("queue rebuilt: {} pending", state.queue.len()));
            rebuilt = true;
        }
        state.fire_due(&mut chain, keeper, &mut log);
        if options.seal_idle && last_seal.elapsed() > Duration::from_secs(5) {
            let now = chain.now();
            let wall = wall_clock();
            let waiting = state.queue.values().any(|due| *due > now && *due <= wall);
            if waiting {
                log("an event is due by this machine's clock: sealing a block");
                let node = chain.backend::<NodeBackend>().expect("a live node");
                node.seal_block()?;
                last_seal = Instant::now();
                continue;
            }
        }
        sleep_unless(stop, options.poll);
    }
    log(&format!(
        "stopped: {} fired, {} refused, {} pending",
        state.summary.fired,
        state.summary.refused,
        state.queue.len()
    ));
    Ok(state.summary)
}

struct State {
    managers: BTreeMap<AccountId, InstrumentId>,
    queue: BTreeMap<Entry, Timestamp>,
    next_block: u64,
    retry_after: BTreeMap<Entry, Timestamp>,
    summary: Summary,
}

impl State {
    /// Adds the managers of domains activated since the last look.
    fn follow_domains(
        &mut self,
        chain: &mut Chain,
        registry: Registry,
        log: &mut impl FnMut(&str),
    ) {
        let count = registry.instrument_count(chain);
        let known = self.managers.len() as InstrumentId;
        for id in known + 1..=count {
            if let Some(manager) = registry.manager_of(chain, id) {
                log(&format!(
                    "following domain {id}: manager {}",
                    ss58(manager.0)
                ));
                self.managers.insert(manager.0, id);
            }
        }
    }

    /// Reads the schedule events of every block not read yet.
    fn read_blocks(&mut self, chain: &mut Chain, log: &mut impl FnMut(&str)) -> Result<(), String> {
        let best = chain.block_number();
        while self.next_block <= best {
            let number = self.next_block;
            let node = chain.backend::<NodeBackend>().expect("a live node");
            let events = node.contract_events_at(number).map_err(|error| {
                format!(
                    "reading block {number}: {error} (the node keeps the state of recent blocks \
                     only: start it with --state-pruning archive, or pass a later --from-block)"
                )
            })?;
            for event in events {
                let Some(domain) = self.managers.get(&event.contract).copied() else {
                    continue;
                };
                if let Some(scheduled) = event.decode::<EventScheduled>() {
                    let entry = entry(event.contract, scheduled.issuance_id, scheduled.key);
                    log(&format!(
                        "block {number}: domain {domain} scheduled {} due {}",
                        describe(&entry),
                        utc(scheduled.due)
                    ));
                    self.queue.insert(entry, scheduled.due);
                } else if let Some(unscheduled) = event.decode::<EventUnscheduled>() {
                    let entry = entry(event.contract, unscheduled.issuance_id, unscheduled.key);
                    log(&format!(
                        "block {number}: domain {domain} unscheduled {}",
                        describe(&entry)
                    ));
                    self.queue.remove(&entry);
                }
            }
            self.next_block += 1;
        }
        Ok(())
    }

    /// Keeps only what the managers still have scheduled (after reading old blocks).
    fn drop_stale(&mut self, chain: &mut Chain, log: &mut impl FnMut(&str)) {
        let entries: Vec<Entry> = self.queue.keys().copied().collect();
        for entry in entries {
            let (manager, issuance, engagement, name) = entry;
            let due = Manager(manager).scheduled_event(chain, issuance, engagement, name);
            match due {
                Some(due) => {
                    self.queue.insert(entry, due);
                }
                None => {
                    log(&format!("{} was already processed", describe(&entry)));
                    self.queue.remove(&entry);
                }
            }
        }
    }

    /// Fires every event due by chain time.
    fn fire_due(&mut self, chain: &mut Chain, keeper: AccountId, log: &mut impl FnMut(&str)) {
        let now = chain.now();
        let due: Vec<Entry> = self
            .queue
            .iter()
            .filter(|(entry, due)| {
                **due <= now && self.retry_after.get(*entry).is_none_or(|at| *at <= now)
            })
            .map(|(entry, _)| *entry)
            .collect();
        for entry in due {
            let (manager, issuance, engagement, name) = entry;
            let reply =
                Manager(manager).process_scheduled_event(chain, keeper, issuance, engagement, name);
            match reply {
                Ok(Ok(())) => {
                    log(&format!("fired {} at {}", describe(&entry), utc(now)));
                    self.summary.fired += 1;
                    self.queue.remove(&entry);
                }
                Ok(Err(ManagerError::EventNotScheduled)) => {
                    log(&format!(
                        "{}: refused, already processed (by someone else?)",
                        describe(&entry)
                    ));
                    self.summary.refused += 1;
                    self.queue.remove(&entry);
                }
                Ok(Err(error)) => {
                    log(&format!(
                        "{}: refused with {error:?}; trying again in a minute",
                        describe(&entry)
                    ));
                    self.summary.refused += 1;
                    self.retry_after.insert(entry, now + 60_000);
                }
                Err(error) => {
                    log(&format!(
                        "{}: the call failed ({error:?}); trying again in a minute",
                        describe(&entry)
                    ));
                    self.retry_after.insert(entry, now + 60_000);
                }
            }
        }
        self.retry_after
            .retain(|entry, _| self.queue.contains_key(entry));
    }
}

fn describe((manager, issuance, engagement, name): &Entry) -> String {
    let name = String::from_utf8_lossy(name.as_bytes()).into_owned();
    match engagement {
        Some(engagement) => format!(
            "'{name}' of issuance {issuance} engagement {engagement} (manager {})",
            ss58(*manager)
        ),
        None => format!(
            "'{name}' of issuance {issuance} (manager {})",
            ss58(*manager)
        ),
    }
}

fn sleep_unless(stop: &AtomicBool, period: Duration) {
    let until = Instant::now() + period;
    while Instant::now() < until && !stop.load(Ordering::SeqCst) {
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A chain time as `YYYY-MM-DD hh:mm:ss UTC`.
pub fn utc(millis: Timestamp) -> String {
    let secs = millis / 1000;
    let (days, rest) = ((secs / 86_400) as i64, secs % 86_400);
    // Civil date from days since 1970-01-01 (H. Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02} UTC",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

#[cfg(test)]
mod tests {
    use super::utc;

    #[test]
    fn utc_formats_chain_times() {
        assert_eq!(utc(0), "1970-01-01 00:00:00 UTC");
        assert_eq!(utc(1_767_225_600_000), "2026-01-01 00:00:00 UTC");
        assert_eq!(utc(1_709_208_000_000), "2024-02-29 12:00:00 UTC");
    }
}
