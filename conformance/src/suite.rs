//! The instrument conformance suite: what every instrument on the platform must do, whatever it
//! is, checked on chain (in the spirit of the PSP22 crate's `tests!`). An instrument's suite
//! describes it once as a [`Subject`] (how to deploy and fund it, a valid offer, offers it must
//! refuse, one engagement, the events an engagement schedules) and writes
//! `conformance!(name, subject)` to get these tests:
//! - `bad_offers_are_refused_and_nothing_moves`: every bad offer (and bytes that are no offer)
//!   gets `InvalidParameters`, with no issuance made and no balance changed;
//! - `the_lifecycle_moves_only_as_spec_5_allows`: create, engage and every scheduled event
//!   fired when due; each step's issuance and engagement transitions are allowed by docs/SPEC.md §5, the
//!   completion ratio never goes down, and at the end the issuance is final, its escrow holds
//!   nothing, the maker closes it and the taker its engagement (docs/SPEC.md §5);
//! - `cancel_is_the_makers_and_only_before_an_engagement`: a stranger cannot cancel; the maker
//!   cannot once someone engaged; the maker can before, gets everything back, and closing the
//!   cancelled offer gives back the storage deposits it paid;
//! - `scheduled_events_fire_only_when_due_and_once`: early is `EventNotDue`, a second time is
//!   `EventNotScheduled`, for `issuance_due` and for every engagement event.
//!
//! `conformance!(name, AtDecimals(subject, 18))` runs the same checks on 18-decimal tokens
//! with fixed-point oracle rates: the subject's amounts scale with [`World::unit`].
//!
//! After every step, every escrow holds exactly what its accounts' balances add up to
//! ([`World::check_escrows`]), and a refused step changed nothing.

use client::{clients::Oracle, Chain};
use ink::scale::{Encode, Output};
use offer_logic::{CANCEL, ISSUANCE_DUE};
use traits::{
    AccountId, Asset, Balance, EngagementId, EngagementState, InstrumentError, IssuanceId,
    IssuanceState, ManagerError, ManagerVersion, Name, SpendingLimit,
};

use crate::world::World;
use client::clients::{Escrow, InstrumentClient};

/// Bytes passed as they are (already SCALE-encoded params).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Raw(pub Vec<u8>);

impl Raw {
    /// `value`, SCALE-encoded.
    pub fn of(value: impl Encode) -> Self {
        Raw(value.encode())
    }
}

impl Encode for Raw {
    fn size_hint(&self) -> usize {
        self.0.len()
    }

    fn encode_to<T: Output + ?Sized>(&self, dest: &mut T) {
        dest.write(&self.0);
    }
}

/// One instrument, as the conformance suite needs to know it.
pub trait Subject {
    /// The interface version it runs on.
    fn version(&self) -> ManagerVersion;
    /// Instantiates it, owned by `fsp`, with `oracle` if it prices anything.
    fn deploy(&self, chain: &mut Chain, fsp: AccountId, oracle: Oracle) -> InstrumentClient;
    /// Funds `w.maker` and `w.taker` (in `w.usd` / `w.gold`) for one offer and one engagement.
    fn fund(&self, w: &mut World);
    /// A valid offer, and a spending limit that lets exactly what it locks leave.
    fn offer(&self, w: &World) -> (Raw, SpendingLimit);
    /// Offers it must refuse with `InvalidParameters`.
    fn bad_offers(&self, w: &World) -> Vec<Raw>;
    /// The taker's first engagement of the valid offer, and its spending limit.
    fn engagement(&self, w: &World) -> (Raw, SpendingLimit);
    /// The events that engagement schedules (fired, when due, by the lifecycle check).
    fn engagement_events(&self) -> Vec<Name>;
    /// The decimals of the world's tokens: its amounts are whole tokens times `w.unit`
    /// (`10^decimals` smallest units), and the oracle's rates are 18-decimal fixed point when
    /// this is not 0 ([`World::with_decimals`]). 0 unless wrapped in [`AtDecimals`].
    fn decimals(&self) -> u32 {
        0
    }
}

/// `subject` on tokens with `decimals` decimals: `conformance!(name, AtDecimals(subject, 18))`
/// runs every check at real-token scale (10000 USD of 18 decimals is `10^22` units).
pub struct AtDecimals<S>(pub S, pub u32);

impl<S: Subject> Subject for AtDecimals<S> {
    fn version(&self) -> ManagerVersion {
        self.0.version()
    }
    fn deploy(&self, chain: &mut Chain, fsp: AccountId, oracle: Oracle) -> InstrumentClient {
        self.0.deploy(chain, fsp, oracle)
    }
    fn fund(&self, w: &mut World) {
        self.0.fund(w)
    }
    /// The subject's offer, refused unless what it locks is at least one whole token at these
    /// decimals: a subject that forgot to scale its amounts by `w.unit` would otherwise pass
    /// at real-token scale while testing a few smallest units.
    fn offer(&self, w: &World) -> (Raw, SpendingLimit) {
        let (offer, limit) = self.0.offer(w);
        let unscaled: Vec<_> = limit
            .0
            .iter()
            .filter(|(_, amount)| *amount < w.unit)
            .collect();
        assert!(
            unscaled.is_empty(),
            "at {} decimals the offer locks less than one whole token ({unscaled:?}): write the \
             subject's amounts as whole tokens times `w.unit`",
            self.1
        );
        (offer, limit)
    }
    fn bad_offers(&self, w: &World) -> Vec<Raw> {
        self.0.bad_offers(w)
    }
    fn engagement(&self, w: &World) -> (Raw, SpendingLimit) {
        self.0.engagement(w)
    }
    fn engagement_events(&self) -> Vec<Name> {
        self.0.engagement_events()
    }
    fn decimals(&self) -> u32 {
        self.1
    }
}

/// Everything a refused step must leave as it was: every account's balance of every token in
/// the instrument escrow and in each issuance escrow, and every issuance's record.
fn snapshot(w: &mut World) -> (Vec<Balance>, Vec<Option<traits::IssuanceRecord>>) {
    let (manager, accounts) = (w.manager, w.accounts.clone());
    let count = manager.issuance_count(w.chain());
    let records: Vec<_> = (1..=count)
        .map(|id| manager.issuance(w.chain(), id))
        .collect();
    let mut escrows = vec![w.escrow];
    escrows.extend(records.iter().flatten().map(|record| Escrow(record.escrow)));
    let mut balances = Vec::new();
    for escrow in escrows {
        for asset in [w.usd.asset(), w.gold.asset()] {
            for account in &accounts {
                balances.push(escrow.balance_of(w.chain(), *account, asset));
            }
        }
    }
    (balances, records)
}

fn setup<S: Subject>(subject: &S) -> World {
    let decimals = subject.decimals();
    let mut w = World::with_decimals(subject.version(), decimals, |chain, fsp, oracle| {
        subject.deploy(chain, fsp, oracle)
    });
    subject.fund(&mut w);
    w
}

fn create<S: Subject>(subject: &S, w: &mut World) -> IssuanceId {
    let (offer, limit) = subject.offer(w);
    let (manager, maker) = (w.manager, w.maker);
    let id = manager
        .create_issuance(w.chain(), maker, offer, limit)
        .expect("call goes through")
        .expect("the valid offer is created");
    assert_eq!(status(w, id), (IssuanceState::Engageable, 0));
    id
}

fn engage<S: Subject>(subject: &S, w: &mut World, id: IssuanceId) -> EngagementId {
    let (params, limit) = subject.engagement(w);
    let (manager, taker) = (w.manager, w.taker);
    manager
        .engage_issuance(w.chain(), taker, id, params, limit)
        .expect("call goes through")
        .expect("the engagement is accepted")
}

fn status(w: &mut World, id: IssuanceId) -> (IssuanceState, u16) {
    let manager = w.manager;
    let record = manager.issuance(w.chain(), id).expect("issuance exists");
    (record.state, record.completion_ratio.basis_points())
}

fn engagement_state(w: &mut World, id: IssuanceId, engagement: EngagementId) -> EngagementState {
    let manager = w.manager;
    manager
        .engagement(w.chain(), id, engagement)
        .expect("engagement exists")
        .state
}

fn fire(
    w: &mut World,
    id: IssuanceId,
    engagement: Option<EngagementId>,
    name: Name,
) -> ManagerResult {
    let (manager, keeper) = (w.manager, w.keeper);
    manager
        .process_scheduled_event(w.chain(), keeper, id, engagement, name)
        .expect("call goes through")
}

type ManagerResult = Result<(), ManagerError>;

fn cancel(w: &mut World, caller: AccountId, id: IssuanceId) -> ManagerResult {
    let manager = w.manager;
    manager
        .process_custom_event(
            w.chain(),
            caller,
            id,
            None,
            CANCEL,
            (),
            SpendingLimit::none(),
        )
        .expect("call goes through")
}

/// Runs `step`, which must be refused with `expected`, and checks it changed nothing.
fn refused(w: &mut World, expected: ManagerError, step: impl FnOnce(&mut World) -> ManagerResult) {
    let before = snapshot(w);
    assert_eq!(step(w), Err(expected));
    assert_eq!(snapshot(w), before, "a refused step changes nothing");
}

/// The issuance escrow of `id` holds nothing of either token.
fn assert_settled(w: &mut World, id: IssuanceId) {
    let manager = w.manager;
    let escrow = Escrow(
        manager
            .issuance(w.chain(), id)
            .expect("issuance exists")
            .escrow,
    );
    for asset in [w.usd.asset(), w.gold.asset(), Asset::Native] {
        assert_eq!(
            escrow.total_held(w.chain(), asset),
            0,
            "the settled issuance's escrow holds nothing of {asset:?}"
        );
    }
}

/// Every bad offer, and bytes that are no offer, get `InvalidParameters`; nothing moves.
pub fn bad_offers_are_refused_and_nothing_moves<S: Subject>(subject: S) {
    let mut w = setup(&subject);
    let (_, limit) = subject.offer(&w);
    let mut bad = subject.bad_offers(&w);
    assert!(!bad.is_empty(), "a subject names at least one bad offer");
    bad.push(Raw(vec![1, 2, 3]));
    let (valid, _) = subject.offer(&w);
    let mut trailing = valid.0;
    trailing.push(0);
    bad.push(Raw(trailing));
    for offer in bad {
        let (manager, maker, limit) = (w.manager, w.maker, limit.clone());
        refused(
            &mut w,
            ManagerError::Instrument(InstrumentError::InvalidParameters),
            |w| {
                manager
                    .create_issuance(w.chain(), maker, offer, limit)
                    .expect("call goes through")
                    .map(|_| ())
            },
        );
        assert_eq!(manager.issuance_count(w.chain()), 0, "no issuance is made");
    }
    w.check_escrows(0);
}

/// Create, engage, then every pending scheduled event when due: every transition is one docs/SPEC.md §5
/// allows, the ratio never goes down, and the issuance ends final with an empty escrow.
pub fn the_lifecycle_moves_only_as_spec_5_allows<S: Subject>(subject: S) {
    let mut w = setup(&subject);
    let id = create(&subject, &mut w);
    w.check_escrows(1);
    let before = status(&mut w, id);
    let engagement = engage(&subject, &mut w, id);
    w.check_escrows(1);
    let after = status(&mut w, id);
    assert!(before.0.can_become(after.0), "{before:?} -> {after:?}");
    assert!(before.1 <= after.1, "the ratio never goes down");
    let engaged = engagement_state(&mut w, id, engagement);
    assert!(
        EngagementState::Initiated.can_become(engaged),
        "an engagement starts as Initiated and may become {engaged:?}"
    );
    let mut pending: Vec<(Option<EngagementId>, Name)> = subject
        .engagement_events()
        .into_iter()
        .map(|name| (Some(engagement), name))
        .collect();
    if !after.0.is_final() {
        pending.push((None, ISSUANCE_DUE));
    }
    let manager = w.manager;
    for (engagement_id, name) in pending {
        let due = manager
            .scheduled_event(w.chain(), id, engagement_id, name)
            .unwrap_or_else(|| panic!("{name:?} is scheduled"));
        w.chain().set_time(due);
        let (state, ratio) = status(&mut w, id);
        let engagement_before = engagement_state(&mut w, id, engagement);
        assert_eq!(fire(&mut w, id, engagement_id, name), Ok(()));
        w.check_escrows(1);
        let (next, next_ratio) = status(&mut w, id);
        assert!(state.can_become(next), "{state:?} -> {next:?}");
        assert!(ratio <= next_ratio, "the ratio never goes down");
        let engagement_after = engagement_state(&mut w, id, engagement);
        assert!(engagement_before.can_become(engagement_after));
    }
    assert!(status(&mut w, id).0.is_final(), "the issuance ends final");
    assert!(
        matches!(
            engagement_state(&mut w, id, engagement),
            EngagementState::Complete | EngagementState::Cancelled
        ),
        "the engagement ends final"
    );
    assert_settled(&mut w, id);
    close(&mut w, id, engagement);
}

/// Closes the final issuance `id` for its maker (docs/SPEC.md §5), then `engagement` for its
/// taker: both must succeed, leaving no escrow and no records.
fn close(w: &mut World, id: IssuanceId, engagement: EngagementId) {
    let (manager, maker, taker) = (w.manager, w.maker, w.taker);
    let escrow = manager
        .issuance(w.chain(), id)
        .expect("issuance exists")
        .escrow;
    assert_eq!(
        manager.close_issuance(w.chain(), maker, id),
        Ok(Ok(())),
        "a final, settled issuance with nothing scheduled closes"
    );
    assert!(!w.chain().is_contract(escrow), "its escrow is gone");
    assert_eq!(manager.issuance(w.chain(), id), None);
    let closed = manager.close_engagement(w.chain(), taker, id, engagement);
    assert_eq!(closed, Ok(Ok(())));
    assert_eq!(manager.engagement(w.chain(), id, engagement), None);
}

/// A stranger cannot cancel; the maker cannot once someone engaged; the maker can before, and
/// then closes the cancelled offer and has every storage deposit it paid back.
pub fn cancel_is_the_makers_and_only_before_an_engagement<S: Subject>(subject: S) {
    let mut w = setup(&subject);
    let (taker, maker) = (w.taker, w.maker);
    let native_before = w.chain().native_balance(maker);
    let id = create(&subject, &mut w);
    let not_allowed = ManagerError::Instrument(InstrumentError::NotAllowed);
    refused(&mut w, not_allowed, |w| cancel(w, taker, id));
    let locked = snapshot(&mut w);
    assert_eq!(cancel(&mut w, maker, id), Ok(()));
    assert_eq!(status(&mut w, id), (IssuanceState::Cancelled, 0));
    assert_settled(&mut w, id);
    assert_ne!(
        snapshot(&mut w).0,
        locked.0,
        "what the maker locked came back"
    );
    w.check_escrows(1);
    let manager = w.manager;
    assert_eq!(manager.close_issuance(w.chain(), maker, id), Ok(Ok(())));
    // pallet-contracts refunds freed storage pro rata, rounding down: at most 1 unit per
    // freeing call (cancel, close) at the in-process chain's 1 unit per byte and per item.
    let lost = native_before.checked_sub(w.chain().native_balance(maker));
    assert!(
        lost.is_some_and(|lost| lost <= 2),
        "the maker has every storage deposit of the offer back (lost {lost:?})"
    );

    let engaged = create(&subject, &mut w);
    engage(&subject, &mut w, engaged);
    let invalid_state = ManagerError::Instrument(InstrumentError::InvalidState);
    refused(&mut w, invalid_state, |w| cancel(w, maker, engaged));
    w.check_escrows(2);
}

/// `issuance_due` and each engagement event: refused before due, accepted at due, refused after.
pub fn scheduled_events_fire_only_when_due_and_once<S: Subject>(subject: S) {
    let mut w = setup(&subject);
    let manager = w.manager;
    let id = create(&subject, &mut w);
    let due = manager
        .scheduled_event(w.chain(), id, None, ISSUANCE_DUE)
        .expect("issuance_due is scheduled at create");
    refused(&mut w, ManagerError::EventNotDue, |w| {
        fire(w, id, None, ISSUANCE_DUE)
    });
    w.chain().set_time(due - 1);
    refused(&mut w, ManagerError::EventNotDue, |w| {
        fire(w, id, None, ISSUANCE_DUE)
    });
    w.chain().set_time(due);
    assert_eq!(fire(&mut w, id, None, ISSUANCE_DUE), Ok(()));
    assert_eq!(status(&mut w, id), (IssuanceState::Complete, 0));
    assert_settled(&mut w, id);
    refused(&mut w, ManagerError::EventNotScheduled, |w| {
        fire(w, id, None, ISSUANCE_DUE)
    });
    w.check_escrows(1);

    let engaged = create(&subject, &mut w);
    let engagement = engage(&subject, &mut w, engaged);
    for name in subject.engagement_events() {
        let due = manager
            .scheduled_event(w.chain(), engaged, Some(engagement), name)
            .unwrap_or_else(|| panic!("{name:?} is scheduled"));
        let once = |w: &mut World| fire(w, engaged, Some(engagement), name);
        refused(&mut w, ManagerError::EventNotDue, once);
        w.chain().set_time(due);
        assert_eq!(once(&mut w), Ok(()));
        refused(&mut w, ManagerError::EventNotScheduled, once);
    }
    w.check_escrows(2);
}
