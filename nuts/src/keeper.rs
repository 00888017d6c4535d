//! `nuts keeper`: the Timer Oracle. It follows every domain the registry activates (or those
//! of an allowlist) and calls `process_scheduled_event` when a scheduled event is due by chain
//! time.
//!
//! What is pending comes from chain state, never from old blocks: on every new finalised block
//! the keeper reads each manager's scheduled events from its contract storage (the `schedules`
//! map of [`instrument_manager_core::Domain`], paginated over the node's `childstate_*` RPC).
//! So it starts, and restarts, from any block on a pruned node and misses nothing, and a
//! reorg cannot hide an event from it. A firing counts as done only once the event is gone
//! from a finalised block's state; one still pending when its block is finalised (a reorg
//! dropped it) is fired again. The manager removes an event before it runs, so nothing fires
//! twice.
//!
//! Each domain has a budget per hour (firings, gas, storage deposit the keeper pays), checked
//! on each firing's dry run, and due events are served earliest first, so a domain whose events
//! multiply waits at its budget while the others' fire on time. An RPC error or a dropped
//! connection never stops it: it reconnects with backoff (1 s doubling to 60 s) and rebuilds
//! from state.

use std::{
    collections::{BTreeMap, BTreeSet, VecDeque},
    panic::AssertUnwindSafe,
    sync::{
        atomic::{AtomicBool, Ordering},
        Arc,
    },
    time::{Duration, Instant},
};

use client::{
    chain::{CallError, Chain},
    clients::{Manager, Registry},
    node::{wall_clock, ConnectError, NodeBackend, Secret},
};
use ink::codegen::TraitCallBuilder;
use ink::scale::{Decode, DecodeAll};
use traits::{
    AccountId, Balance, EngagementId, InstrumentId, IssuanceId, ManagerError, Name, ScheduleKey,
    Timestamp,
};
use traits::{InstrumentManager as _, InstrumentRegistry as _};

use crate::args::{KeeperArgs, KEEPER_BUDGET};
use crate::deploy::{address, ss58};

/// Per-domain limits of what the keeper spends, over any hour (a sliding window).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    /// The most `process_scheduled_event` calls it sends for one domain.
    pub firings: u32,
    /// The most gas (`ref_time`, as the calls' dry runs measure it) it spends on one domain.
    pub ref_time: u64,
    /// The most storage deposit (the chain's smallest native units) its calls for one domain
    /// may be charged; refunds do not count back.
    pub deposit: Balance,
}

impl Default for Budget {
    /// [`KEEPER_BUDGET`].
    fn default() -> Self {
        let (firings, ref_time, deposit) = KEEPER_BUDGET;
        Self {
            firings,
            ref_time,
            deposit,
        }
    }
}

impl From<&KeeperArgs> for Budget {
    fn from(args: &KeeperArgs) -> Self {
        Self {
            firings: args.max_firings_per_hour,
            ref_time: args.max_gas_per_hour,
            deposit: args.max_deposit_per_hour,
        }
    }
}

/// Where the keeper works, and how.
pub struct Options {
    /// The node's RPC endpoint.
    pub url: String,
    /// The keeper's secret: it signs (and pays for) every `process_scheduled_event` (`None`:
    /// `//Alice`, on development chains only).
    pub secret: Option<Secret>,
    /// The registry whose domains to follow.
    pub registry: AccountId,
    /// The genesis hash the deployment record names, checked against the node's.
    pub genesis: Option<String>,
    /// How often to look for new blocks.
    pub poll: Duration,
    /// On an instant-seal dev node blocks (and so chain time) only come with transactions:
    /// seal one (a `System::remark`) when an event is due by this machine's clock but not yet
    /// by the chain's.
    pub seal_idle: bool,
    /// Fire what is due once, wait until those firings are finalised (at most a minute), and
    /// stop: for cron. Fails when the node cannot be reached in [`ONCE_TRIES`] tries.
    pub once: bool,
    /// Each domain's budget.
    pub budget: Budget,
    /// Only these domains (`None`: every domain of the registry).
    pub domains: Option<BTreeSet<InstrumentId>>,
}

impl Options {
    /// The registry and chain of a `deployments/<chain>.json`, with the default poll (1 s),
    /// budget, and every domain.
    pub fn from_deployment(
        file: &std::path::Path,
        url: String,
        secret: Option<Secret>,
    ) -> Result<Self, String> {
        let text = std::fs::read_to_string(file)
            .map_err(|error| format!("{}: {error} (run `nuts deploy` first)", file.display()))?;
        let record: serde_json::Value =
            serde_json::from_str(&text).map_err(|error| format!("{}: {error}", file.display()))?;
        let registry = address(&record, "registry")
            .ok_or_else(|| format!("{} names no registry", file.display()))?;
        let genesis = record["genesis_hash"].as_str().map(String::from);
        Ok(Self {
            url,
            secret,
            registry,
            genesis,
            poll: Duration::from_secs(1),
            seal_idle: false,
            once: false,
            budget: Budget::default(),
            domains: None,
        })
    }
}

/// What a keeper run did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Summary {
    /// Events it fired whose firing is finalised.
    pub fired: usize,
    /// Calls the manager refused (not due yet by the chain's time, the instrument refused...).
    pub refused: usize,
    /// Times a due firing was put off (at each look) because its domain reached its budget.
    pub over_budget: usize,
    /// Firings sent again because the block that had them was not the one finalised.
    pub refired: usize,
    /// Times it lost the node and connected again.
    pub reconnects: usize,
}

/// One scheduled event: the manager, the issuance, the engagement and the event's name.
pub type Entry = (AccountId, IssuanceId, Option<EngagementId>, Name);

/// A flag set by Ctrl-C (SIGINT) or SIGTERM, for [`run`]'s `stop`.
pub fn stop_on_signal() -> Arc<AtomicBool> {
    let stop = Arc::new(AtomicBool::new(false));
    let flag = stop.clone();
    std::thread::spawn(move || {
        let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
        else {
            return;
        };
        runtime.block_on(async {
            #[cfg(unix)]
            {
                use tokio::signal::unix::{signal, SignalKind};
                if let Ok(mut term) = signal(SignalKind::terminate()) {
                    tokio::select! {
                        _ = tokio::signal::ctrl_c() => {}
                        _ = term.recv() => {}
                    }
                    return;
                }
            }
            let _ = tokio::signal::ctrl_c().await;
        });
        flag.store(true, Ordering::SeqCst);
    });
    stop
}

/// Runs the keeper until `stop` is set (or, with `once`, until what was due is fired); `log`
/// gets one line per action. Errors: only what trying again cannot mend (the signer, a record
/// of another chain); a lost node is reconnected.
pub fn run(
    options: &Options,
    stop: &AtomicBool,
    mut log: impl FnMut(&str),
) -> Result<Summary, String> {
    let mut keeper = Keeper::new(options);
    let mut backoff = Duration::from_secs(1);
    let mut connected_once = false;
    let mut failures = 0;
    while !stop.load(Ordering::SeqCst) {
        let mut chain = match connect(options) {
            Ok(chain) => chain,
            Err(ConnectError::Refused(error)) => return Err(error),
            Err(ConnectError::Unreachable(error)) if options.once && failures + 1 == ONCE_TRIES => {
                return Err(format!("{error} ({ONCE_TRIES} tries)"))
            }
            Err(ConnectError::Unreachable(error)) => {
                failures += 1;
                log(&format!(
                    "cannot reach the node ({error}); trying again in {} s",
                    backoff.as_secs()
                ));
                sleep_unless(stop, backoff);
                backoff = (backoff * 2).min(Duration::from_secs(60));
                continue;
            }
        };
        if connected_once {
            keeper.summary.reconnects += 1;
        }
        connected_once = true;
        let serving = Instant::now();
        let served = std::panic::catch_unwind(AssertUnwindSafe(|| {
            keeper.serve(&mut chain, stop, &mut log)
        }));
        let error = match served {
            Ok(Ok(())) => break,
            Ok(Err(error)) => error,
            Err(_) => "a call failed mid-way".to_string(),
        };
        // Lost mid-way: the same backoff as an unreachable node (from 1 s again after a minute
        // of service), and `--once` gives up alike.
        if serving.elapsed() > Duration::from_secs(60) {
            backoff = Duration::from_secs(1);
            failures = 0;
        }
        failures += 1;
        if options.once && failures >= ONCE_TRIES {
            return Err(format!("lost the node ({error}; {ONCE_TRIES} tries)"));
        }
        log(&format!(
            "lost the node ({error}); reconnecting in {} s",
            backoff.as_secs()
        ));
        sleep_unless(stop, backoff);
        backoff = (backoff * 2).min(Duration::from_secs(60));
    }
    let summary = keeper.summary.clone();
    log(&format!(
        "stopped: {} fired, {} refused, {} put off over budget, {} fired again after a reorg, \
         {} reconnects; {} pending",
        summary.fired,
        summary.refused,
        summary.over_budget,
        summary.refired,
        summary.reconnects,
        keeper.queue.len()
    ));
    Ok(summary)
}

fn connect(options: &Options) -> Result<Chain, ConnectError> {
    let backend = NodeBackend::connect(&options.url, options.secret.as_ref(), None)?;
    if let Some(recorded) = &options.genesis {
        if *recorded != backend.genesis_hash() {
            return Err(ConnectError::Refused(format!(
                "the deployment record is of the chain with genesis {recorded}, this node's is \
                 {}",
                backend.genesis_hash()
            )));
        }
    }
    if backend
        .code_hash_at(options.registry)
        .map_err(ConnectError::Unreachable)?
        .is_none()
    {
        return Err(ConnectError::Refused(format!(
            "no registry at {} on this chain: the deployment record is stale (a reset chain?); \
             run `nuts deploy`",
            ss58(options.registry)
        )));
    }
    Chain::on(Box::new(backend), &[], |_, _| {}).map_err(ConnectError::Unreachable)
}

/// The keeper's state, which outlives connections.
struct Keeper<'a> {
    options: &'a Options,
    /// Followed managers, by domain.
    managers: BTreeMap<AccountId, InstrumentId>,
    /// What the last finalised block's state has scheduled, with due times.
    queue: BTreeMap<Entry, Timestamp>,
    /// The finalised block `queue` was read at.
    scanned: Option<u64>,
    /// Firings sent, by the best block they were in: not done until finalised.
    in_flight: BTreeMap<Entry, u64>,
    /// Refused firings, and the chain time to try them again at.
    retry_after: BTreeMap<Entry, Timestamp>,
    /// Each domain's spending over the last hour: (when, ref_time, deposit charged).
    spent: BTreeMap<InstrumentId, VecDeque<(Instant, u64, Balance)>>,
    /// Domains already said to be over budget (said once until they are under again).
    said_over: BTreeSet<InstrumentId>,
    summary: Summary,
    last_health: Option<Instant>,
    last_seal: Option<Instant>,
}

const HOUR: Duration = Duration::from_secs(3600);
/// How many times `--once` tries to reach the node (1, then 2 s apart) before it fails.
const ONCE_TRIES: u32 = 3;
/// Keys per `childstate_getKeysPaged` page.
const PAGE: u32 = 1000;

impl<'a> Keeper<'a> {
    fn new(options: &'a Options) -> Self {
        Self {
            options,
            managers: BTreeMap::new(),
            queue: BTreeMap::new(),
            scanned: None,
            in_flight: BTreeMap::new(),
            retry_after: BTreeMap::new(),
            spent: BTreeMap::new(),
            said_over: BTreeSet::new(),
            summary: Summary::default(),
            last_health: None,
            last_seal: None,
        }
    }

    /// Serves on `chain` until `stop` or, with `once`, until what was due is fired (`Ok`), or
    /// until the node fails (`Err`: the caller reconnects).
    fn serve(
        &mut self,
        chain: &mut Chain,
        stop: &AtomicBool,
        log: &mut impl FnMut(&str),
    ) -> Result<(), String> {
        let keeper = node(chain).funder();
        log(&format!(
            "keeper {} on {}: registry {}, following {}",
            ss58(keeper),
            client::node::shown_url(&self.options.url),
            ss58(self.options.registry),
            match &self.options.domains {
                Some(domains) => format!("domains {domains:?}"),
                None => "every domain".into(),
            }
        ));
        // Reads are re-done from chain state on every connection.
        self.scanned = None;
        let started = Instant::now();
        while !stop.load(Ordering::SeqCst) {
            self.cycle(chain, keeper, log)?;
            if self.options.once {
                let due = self.due(node(chain).timestamp(None)?);
                if (self.in_flight.is_empty() && due.is_empty())
                    || started.elapsed() > Duration::from_secs(60)
                {
                    self.health(log, true);
                    return Ok(());
                }
            }
            self.health(log, false);
            if self.options.seal_idle && self.seal_if_waiting(chain, log) {
                continue;
            }
            sleep_unless(stop, self.options.poll);
        }
        Ok(())
    }

    /// One look: new domains, the finalised state's schedules, then what is due fired.
    fn cycle(
        &mut self,
        chain: &mut Chain,
        keeper: AccountId,
        log: &mut impl FnMut(&str),
    ) -> Result<(), String> {
        self.follow_domains(chain, log)?;
        let (finalized, at) = node(chain).finalized_block()?;
        if self.scanned != Some(finalized) {
            let mut queue = BTreeMap::new();
            for &manager in self.managers.keys() {
                queue.extend(scheduled(node(chain), manager, at)?);
            }
            let changed = self.scanned.is_none() || queue.len() != self.queue.len();
            self.queue = queue;
            self.scanned = Some(finalized);
            self.settle(finalized, log);
            if changed {
                log(&format!(
                    "read the schedules at finalised block {finalized}: {} pending",
                    self.queue.len()
                ));
            }
        }
        self.fire_due(chain, keeper, log)
    }

    /// Adds the managers of domains activated since the last look (the allowlisted ones).
    fn follow_domains(
        &mut self,
        chain: &mut Chain,
        log: &mut impl FnMut(&str),
    ) -> Result<(), String> {
        let registry = Registry(self.options.registry);
        let count = chain
            .try_read(registry.calls().call_mut().instrument_count())
            .map_err(|error| format!("reading the registry: {}", call_error(&error)))?;
        let known: BTreeSet<InstrumentId> = self.managers.values().copied().collect();
        for id in 1..=count {
            let allowed = self
                .options
                .domains
                .as_ref()
                .is_none_or(|only| only.contains(&id));
            if known.contains(&id) || !allowed {
                continue;
            }
            let manager = chain
                .try_read(registry.calls().call_mut().manager_of(id))
                .map_err(|error| format!("reading the registry: {}", call_error(&error)))?;
            if let Some(manager) = manager {
                log(&format!("following domain {id}: manager {}", ss58(manager)));
                self.managers.insert(manager, id);
                // Its schedules are read at the next finalised block.
                self.scanned = None;
            }
        }
        Ok(())
    }

    /// Firings whose events are gone from the finalised state are done; those still there once
    /// their block is finalised were dropped by a reorg and go again.
    fn settle(&mut self, finalized: u64, log: &mut impl FnMut(&str)) {
        let mut settled = Vec::new();
        for (entry, block) in &self.in_flight {
            if !self.queue.contains_key(entry) {
                log(&format!("fired {} (finalised)", describe(entry)));
                self.summary.fired += 1;
                settled.push(*entry);
            } else if *block <= finalized {
                log(&format!(
                    "the firing of {} in block {block} is not in the finalised chain: firing \
                     it again",
                    describe(entry)
                ));
                self.summary.refired += 1;
                settled.push(*entry);
            }
        }
        for entry in settled {
            self.in_flight.remove(&entry);
        }
        self.retry_after
            .retain(|entry, _| self.queue.contains_key(entry));
    }

    /// The entries due at chain time `now` not yet sent and not waiting to be retried,
    /// earliest first.
    fn due(&self, now: Timestamp) -> Vec<Entry> {
        let mut due: Vec<(Timestamp, Entry)> = self
            .queue
            .iter()
            .filter(|(entry, due)| {
                **due <= now
                    && !self.in_flight.contains_key(*entry)
                    && self.retry_after.get(*entry).is_none_or(|at| *at <= now)
            })
            .map(|(entry, due)| (*due, *entry))
            .collect();
        due.sort();
        due.into_iter().map(|(_, entry)| entry).collect()
    }

    /// Fires what is due, earliest first, each within its domain's budget.
    fn fire_due(
        &mut self,
        chain: &mut Chain,
        keeper: AccountId,
        log: &mut impl FnMut(&str),
    ) -> Result<(), String> {
        let now = node(chain).timestamp(None)?;
        for entry in self.due(now) {
            let (manager, issuance, engagement, name) = entry;
            let domain = self.managers.get(&manager).copied().unwrap_or_default();
            // The count first, before spending a dry run on a domain at its budget.
            if self.put_off(domain, 0, 0, log) {
                continue;
            }
            let message = || {
                Manager(manager)
                    .calls()
                    .call_mut()
                    .process_scheduled_event(issuance, engagement, name)
            };
            let cost = match chain.dry_send(keeper, message()) {
                // Fired in a block not yet finalised (by anyone): the next scan settles it.
                Ok(Err(ManagerError::EventNotScheduled)) => continue,
                Ok(Err(error)) => {
                    self.refuse(entry, now, &format!("{error:?}"), log);
                    continue;
                }
                Err(error) => {
                    self.refuse(entry, now, &call_error(&error), log);
                    continue;
                }
                Ok(Ok(())) => chain.last_cost(),
            };
            let deposit = Balance::try_from(cost.storage_deposit.max(0)).unwrap_or(Balance::MAX);
            if self.put_off(domain, cost.ref_time, deposit, log) {
                continue;
            }
            self.said_over.remove(&domain);
            match chain.send(keeper, message()) {
                Ok(Ok(())) => {
                    let cost = chain.last_cost();
                    let charged = Balance::try_from(cost.storage_deposit.max(0)).unwrap_or(0);
                    self.spent.entry(domain).or_default().push_back((
                        Instant::now(),
                        cost.ref_time,
                        charged,
                    ));
                    log(&format!(
                        "sent {} of domain {domain} at {} (ref_time {}, deposit {})",
                        describe(&entry),
                        utc(now),
                        cost.ref_time,
                        cost.storage_deposit
                    ));
                    // The best block now is the one that has it, or later.
                    self.in_flight.insert(entry, chain.block_number());
                }
                Ok(Err(ManagerError::EventNotScheduled)) => {}
                Ok(Err(error)) => self.refuse(entry, now, &format!("{error:?}"), log),
                Err(error) => self.refuse(entry, now, &call_error(&error), log),
            }
        }
        Ok(())
    }

    fn refuse(&mut self, entry: Entry, now: Timestamp, why: &str, log: &mut impl FnMut(&str)) {
        log(&format!(
            "{}: refused ({why}); trying again in a minute of chain time",
            describe(&entry)
        ));
        self.summary.refused += 1;
        self.retry_after.insert(entry, now + 60_000);
    }

    /// Whether a firing of `domain` costing `ref_time` and `deposit` waits for its budget (said
    /// once until the domain is under it again).
    fn put_off(
        &mut self,
        domain: InstrumentId,
        ref_time: u64,
        deposit: Balance,
        log: &mut impl FnMut(&str),
    ) -> bool {
        let Some(over) = self.over_budget(domain, ref_time, deposit) else {
            return false;
        };
        self.summary.over_budget += 1;
        if self.said_over.insert(domain) {
            log(&format!(
                "domain {domain} is over its budget ({over}): its due events wait"
            ));
        }
        true
    }

    /// What `domain` would exceed over the last hour with one more firing costing `ref_time`
    /// and `deposit`, if anything.
    fn over_budget(
        &mut self,
        domain: InstrumentId,
        ref_time: u64,
        deposit: Balance,
    ) -> Option<String> {
        let budget = self.options.budget;
        let spent = self.spent.entry(domain).or_default();
        while spent.front().is_some_and(|(at, ..)| at.elapsed() > HOUR) {
            spent.pop_front();
        }
        let firings = spent.len();
        let used_time: u64 = spent.iter().map(|(_, time, _)| time).sum();
        let used_deposit: Balance = spent.iter().map(|(.., deposit)| deposit).sum();
        if firings >= budget.firings as usize {
            Some(format!(
                "{firings} firings this hour, at most {}",
                budget.firings
            ))
        } else if used_time.saturating_add(ref_time) > budget.ref_time {
            Some(format!(
                "{used_time} ref_time this hour, and this firing needs {ref_time}, at most {}",
                budget.ref_time
            ))
        } else if used_deposit.saturating_add(deposit) > budget.deposit {
            Some(format!(
                "{used_deposit} storage deposit this hour, and this firing needs {deposit}, at \
                 most {}",
                budget.deposit
            ))
        } else {
            None
        }
    }

    /// A health line: every minute, and at the end of a `--once` run.
    fn health(&mut self, log: &mut impl FnMut(&str), now: bool) {
        if !now
            && self
                .last_health
                .is_some_and(|at| at.elapsed() < Duration::from_secs(60))
        {
            return;
        }
        self.last_health = Some(Instant::now());
        let s = &self.summary;
        log(&format!(
            "health: {} domains, {} pending, {} sent and not finalised; {} fired, {} refused, \
             {} put off over budget, {} fired again, {} reconnects",
            self.managers.len(),
            self.queue.len(),
            self.in_flight.len(),
            s.fired,
            s.refused,
            s.over_budget,
            s.refired,
            s.reconnects
        ));
    }

    /// Seals a block when an event is due by this machine's clock but not yet by the chain's
    /// (at most every 5 s); whether it did.
    fn seal_if_waiting(&mut self, chain: &mut Chain, log: &mut impl FnMut(&str)) -> bool {
        if self
            .last_seal
            .is_some_and(|at| at.elapsed() < Duration::from_secs(5))
        {
            return false;
        }
        let Ok(now) = node(chain).timestamp(None) else {
            return false;
        };
        let wall = wall_clock();
        if !self.queue.values().any(|due| *due > now && *due <= wall) {
            return false;
        }
        log("an event is due by this machine's clock: sealing a block");
        self.last_seal = Some(Instant::now());
        let node = chain.backend::<NodeBackend>().expect("a live node");
        node.seal_block().is_ok()
    }
}

fn node(chain: &mut Chain) -> &mut NodeBackend {
    chain
        .backend::<NodeBackend>()
        .expect("the keeper runs on a live node")
}

fn call_error(error: &CallError) -> String {
    match error {
        CallError::Dispatch(message) => message.clone(),
        other => format!("{other:?}"),
    }
}

/// The root key of the managers' `schedules` map (`Domain::schedules`), from ink!'s own
/// storage layout of [`instrument_manager_core::Domain`].
pub fn schedules_root_key() -> u32 {
    use ink::metadata::layout::Layout;
    use ink::storage::traits::StorageLayout;
    fn find(layout: &Layout) -> Option<u32> {
        match layout {
            Layout::Struct(fields) => fields.fields().iter().find_map(|field| {
                if *field.name() == "schedules" {
                    if let Layout::Root(root) = field.layout() {
                        return Some(*root.root_key().key());
                    }
                }
                find(field.layout())
            }),
            Layout::Root(root) => find(root.layout()),
            _ => None,
        }
    }
    let layout = <instrument_manager_core::Domain as StorageLayout>::layout(&0);
    find(&layout).expect("Domain has a `schedules` map")
}

/// The events `manager` has scheduled in the state after block `at`, with their due times:
/// its contract storage read page by page, the `schedules` entries decoded.
pub fn scheduled(
    node: &NodeBackend,
    manager: AccountId,
    at: subxt::utils::H256,
) -> Result<Vec<(Entry, Timestamp)>, String> {
    let root = schedules_root_key().to_le_bytes();
    let mut found = Vec::new();
    let mut after: Option<Vec<u8>> = None;
    loop {
        let page = node.contract_storage_page(manager, at, after.as_deref(), PAGE)?;
        for (key, value) in &page {
            // pallet-contracts' key: BLAKE2-128 of ink!'s key, then ink!'s key: the map's root
            // key (little-endian) and the SCALE-encoded map key.
            let Some(key) = key.get(16..).filter(|key| key.starts_with(&root)) else {
                continue;
            };
            let Ok((issuance, schedule)) =
                <(IssuanceId, ScheduleKey)>::decode_all(&mut &key[root.len()..])
            else {
                continue;
            };
            // `Scheduled { due, payload }`: the due time first.
            let Ok(due) = Timestamp::decode(&mut &value[..]) else {
                continue;
            };
            found.push((
                (manager, issuance, schedule.engagement_id, schedule.name),
                due,
            ));
        }
        match page.last() {
            Some((key, _)) if page.len() == PAGE as usize => after = Some(key.clone()),
            _ => return Ok(found),
        }
    }
}

/// An entry in words.
pub fn describe((manager, issuance, engagement, name): &Entry) -> String {
    let name = String::from_utf8_lossy(name.as_bytes())
        .trim_end_matches('\0')
        .to_string();
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
    use super::{schedules_root_key, utc};

    #[test]
    fn utc_formats_chain_times() {
        assert_eq!(utc(0), "1970-01-01 00:00:00 UTC");
        assert_eq!(utc(1_767_225_600_000), "2026-01-01 00:00:00 UTC");
        assert_eq!(utc(1_709_208_000_000), "2024-02-29 12:00:00 UTC");
    }

    #[test]
    fn the_schedules_map_has_its_own_root_key() {
        let key = schedules_root_key();
        assert_ne!(
            key, 0,
            "a map of its own, not packed in the contract's root"
        );
    }
}
