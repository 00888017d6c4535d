//! Plain data shared by every contract of the platform: ids, assets, lifecycle states, the
//! `Outcome` an instrument returns and the per-call `IssuanceContext` it receives.

use ink::prelude::vec::Vec;
pub use ink::primitives::{AccountId, Hash};

/// Amounts of native currency and PSP22 tokens.
pub type Balance = u128;
/// Block timestamp in milliseconds.
pub type Timestamp = u64;
/// Id of an activated instrument (an instrument domain); assigned by the registry, from 1.
pub type InstrumentId = u64;
/// Id of an issuance inside one instrument domain; assigned by its manager, from 1.
pub type IssuanceId = u64;
/// Id of an engagement inside one issuance; assigned by the manager, from 1.
pub type EngagementId = u64;

/// Milliseconds in one day: the unit of tenors and issuance durations.
pub const DAY_MS: Timestamp = 86_400_000;

/// Most transfers one `Outcome` may ask for.
pub const MAX_TRANSFERS: u32 = 8;
/// Most engagement updates one `Outcome` may carry.
pub const MAX_ENGAGEMENT_UPDATES: u32 = 8;
/// Most events one `Outcome` may schedule or cancel (each list).
pub const MAX_SCHEDULE_CHANGES: u32 = 4;
/// Most scheduled events pending at once for one engagement of an issuance, and for the issuance
/// itself (its events without an engagement): the schedules of an issuance are bounded by
/// `MAX_PENDING_SCHEDULES * (MAX_ENGAGEMENTS + 1)` across all its calls.
pub const MAX_PENDING_SCHEDULES: u32 = 4;
/// Most engagements one issuance may have.
pub const MAX_ENGAGEMENTS: u64 = 1_000;
/// Longest payload of a scheduled or custom event, and longest create/engage/renew parameters.
pub const MAX_PAYLOAD_LEN: u32 = 512;
/// Longest issuance data blob (v1) and longest value in an issuance storage (v2).
pub const MAX_ISSUANCE_DATA_LEN: u32 = 4_096;
/// Most keys one issuance storage (v2) may hold.
pub const MAX_STORAGE_KEYS: u32 = 32;
/// Most assets one spending limit may name.
pub const MAX_SPENDING_LIMIT_ASSETS: u32 = 4;
/// Bytes in an event name or a custom-data name.
pub const NAME_LEN: usize = 32;
/// The completion ratio of an issuance that completed fully (basis points).
pub const FULL_COMPLETION: u16 = 10_000;

/// An asset the platform can hold: the chain's native currency or a PSP22 token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub enum Asset {
    /// The chain's native currency, moved as the value of a call.
    Native,
    /// A PSP22 token contract, moved with `transfer` / `transfer_from`.
    Token(AccountId),
}

/// Which instrument interface (and so which manager contract) an instrument domain uses
/// (docs/SPEC.md §4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub enum ManagerVersion {
    /// Issuance data is a blob kept by the manager.
    V1,
    /// Issuance data is kept in one IssuanceStorage contract per issuance.
    V2,
    /// Issuance data is kept in one Issuance contract per issuance, created by the instrument.
    V3,
}

/// Lifecycle of an issuance (docs/SPEC.md §5).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub enum IssuanceState {
    /// Created; not yet open to takers.
    Initiated,
    /// Open to takers.
    Engageable,
    /// Cancelled by its maker; final.
    Cancelled,
    /// Due, or completed early; final. Existing engagements go on.
    Complete,
}

impl IssuanceState {
    /// Whether an issuance may go from `self` to `next`. Staying put is always allowed.
    pub fn can_become(self, next: IssuanceState) -> bool {
        use IssuanceState::*;
        self == next
            || matches!(
                (self, next),
                (Initiated, Engageable)
                    | (Initiated, Cancelled)
                    | (Engageable, Cancelled)
                    | (Engageable, Complete)
            )
    }

    /// Whether no transition leaves this state.
    pub fn is_final(self) -> bool {
        matches!(self, IssuanceState::Cancelled | IssuanceState::Complete)
    }
}

/// Lifecycle of an engagement (docs/SPEC.md §5).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub enum EngagementState {
    /// Created; the taker may still have things to do.
    Initiated,
    /// Running; the taker can no longer cancel it.
    Active,
    /// Cancelled before it became active; final.
    Cancelled,
    /// Ended (repaid, defaulted, swapped...); final.
    Complete,
}

impl EngagementState {
    /// Whether an engagement may go from `self` to `next`. Staying put is always allowed.
    pub fn can_become(self, next: EngagementState) -> bool {
        use EngagementState::*;
        self == next
            || matches!(
                (self, next),
                (Initiated, Active)
                    | (Initiated, Cancelled)
                    | (Initiated, Complete)
                    | (Active, Complete)
            )
    }

    /// Whether no transition leaves this state.
    pub fn is_final(self) -> bool {
        matches!(self, EngagementState::Cancelled | EngagementState::Complete)
    }
}

/// How far an issuance got, in basis points (`0..=10000`); it never decreases.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct CompletionRatio(u16);

impl CompletionRatio {
    /// Nothing completed.
    pub const ZERO: CompletionRatio = CompletionRatio(0);
    /// Fully completed (10000).
    pub const FULL: CompletionRatio = CompletionRatio(FULL_COMPLETION);

    /// A ratio in basis points, `None` above 10000.
    pub fn new(basis_points: u16) -> Option<Self> {
        (basis_points <= FULL_COMPLETION).then_some(Self(basis_points))
    }

    /// The ratio in basis points.
    pub fn basis_points(self) -> u16 {
        self.0
    }

    /// Whether the value is within `0..=10000` (a decoded value may not be).
    pub fn is_valid(self) -> bool {
        self.0 <= FULL_COMPLETION
    }
}

/// The four ways an Outcome may move assets (docs/SPEC.md §6).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub enum TransferKind {
    /// From `from`'s instrument-escrow account to `to`'s issuance-escrow account.
    Inbound,
    /// From `from`'s issuance-escrow account to `to`'s instrument-escrow account.
    Outbound,
    /// Between two accounts of the issuance escrow.
    IntraIssuance,
    /// Between two accounts of the instrument escrow.
    IntraInstrument,
}

/// One asset movement an Outcome asks the manager to execute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Transfer {
    /// Which escrows the assets leave and enter.
    pub kind: TransferKind,
    /// The account debited.
    pub from: AccountId,
    /// The account credited.
    pub to: AccountId,
    /// What is moved.
    pub asset: Asset,
    /// How much is moved; never zero.
    pub amount: Balance,
}

impl Transfer {
    /// A transfer of `amount` of `asset` from `from` to `to`.
    pub fn new(
        kind: TransferKind,
        from: AccountId,
        to: AccountId,
        asset: Asset,
        amount: Balance,
    ) -> Self {
        Self {
            kind,
            from,
            to,
            asset,
            amount,
        }
    }
}

/// A fixed-size name of a scheduled event, custom event or custom datum (no `String` on chain).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Name(pub [u8; NAME_LEN]);

impl Name {
    /// The name spelled by `text`, zero-padded; text longer than `NAME_LEN` bytes is cut.
    pub const fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut out = [0u8; NAME_LEN];
        let mut i = 0;
        while i < bytes.len() && i < NAME_LEN {
            out[i] = bytes[i];
            // Cannot overflow: `i < NAME_LEN`.
            #[allow(clippy::arithmetic_side_effects)]
            {
                i += 1;
            }
        }
        Self(out)
    }

    /// The name spelled by `text`, or `None` when `text` is empty or longer than `NAME_LEN`
    /// bytes (where [`Name::new`] would cut it): for text a person typed.
    pub fn from_text(text: &str) -> Option<Self> {
        (!text.is_empty() && text.len() <= NAME_LEN).then(|| Self::new(text))
    }

    /// The name's bytes without the zero padding.
    pub fn as_bytes(&self) -> &[u8] {
        let end = self.0.iter().position(|b| *b == 0).unwrap_or(NAME_LEN);
        &self.0[..end]
    }
}

impl core::fmt::Debug for Name {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match core::str::from_utf8(self.as_bytes()) {
            Ok(text) => write!(f, "{text:?}"),
            Err(_) => write!(f, "{:?}", self.as_bytes()),
        }
    }
}

/// Which scheduled event: the engagement it belongs to (if any) and its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct ScheduleKey {
    /// The engagement the event is about, `None` for an issuance-wide event.
    pub engagement_id: Option<EngagementId>,
    /// The event's name, as the instrument knows it.
    pub name: Name,
}

/// An event an Outcome asks the manager to schedule (docs/SPEC.md §7).
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub struct ScheduledEvent {
    /// Which event; scheduling an existing key again moves its due time.
    pub key: ScheduleKey,
    /// When it may be fired (milliseconds).
    pub due: Timestamp,
    /// Opaque data handed back to the instrument when the event fires; at most `MAX_PAYLOAD_LEN`.
    pub payload: Vec<u8>,
}

/// The new state of one engagement, as an Outcome reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub struct EngagementUpdate {
    /// The engagement; at `engage` the new engagement's id is in the context.
    pub engagement_id: EngagementId,
    /// Its new state.
    pub state: EngagementState,
}

/// What an issuance operation decided. The manager validates every field (lifecycle, asset rules,
/// bounds) before it executes anything, and reverts the whole call if one is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub struct Outcome {
    /// The issuance's state after the operation.
    pub issuance_state: IssuanceState,
    /// The issuance's completion ratio after the operation; never lower than before.
    pub completion_ratio: CompletionRatio,
    /// Engagements whose state changed (at most `MAX_ENGAGEMENT_UPDATES`).
    pub engagements: Vec<EngagementUpdate>,
    /// Asset movements to execute, in order (at most `MAX_TRANSFERS`).
    pub transfers: Vec<Transfer>,
    /// Events to schedule or move (at most `MAX_SCHEDULE_CHANGES`).
    pub schedule: Vec<ScheduledEvent>,
    /// Scheduled events to cancel (at most `MAX_SCHEDULE_CHANGES`).
    pub unschedule: Vec<ScheduleKey>,
}

impl Outcome {
    /// An outcome that leaves the issuance in `state` at `ratio` and does nothing else.
    pub fn new(issuance_state: IssuanceState, completion_ratio: CompletionRatio) -> Self {
        Self {
            issuance_state,
            completion_ratio,
            engagements: Vec::new(),
            transfers: Vec::new(),
            schedule: Vec::new(),
            unschedule: Vec::new(),
        }
    }
}

/// An engagement as the manager records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct EngagementRecord {
    /// The account that engaged.
    pub taker: AccountId,
    /// Where the engagement is in its lifecycle.
    pub state: EngagementState,
    /// Block timestamp of the engagement.
    pub created_at: Timestamp,
    /// Its scheduled events not yet fired or removed: at most `MAX_PENDING_SCHEDULES`; it
    /// cannot close while any is pending. Kept here, in a record the manager reads and writes
    /// anyway, rather than in an entry of its own (each storage access is paid for:
    /// BENCHMARKS.md, "Where the proof goes on the node").
    pub pending_schedules: u32,
}

/// An issuance as the manager records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct IssuanceRecord {
    /// The account that created it.
    pub maker: AccountId,
    /// Where the issuance is in its lifecycle.
    pub state: IssuanceState,
    /// How far it got.
    pub completion_ratio: CompletionRatio,
    /// Block timestamp of its creation.
    pub created_at: Timestamp,
    /// The issuance escrow holding its assets.
    pub escrow: AccountId,
    /// Engagements so far (ids run from 1 to this).
    pub engagement_count: EngagementId,
    /// The contract holding its data: the IssuanceStorage (v2) or the Issuance instance (v3);
    /// `None` for v1, where the manager keeps the data itself.
    pub data_contract: Option<AccountId>,
    /// Its own scheduled events (not an engagement's) not yet fired or removed: at most
    /// `MAX_PENDING_SCHEDULES`; it cannot close while any is pending.
    pub pending_schedules: u32,
}

/// What the manager tells an instrument about the issuance at every call. Instruments decide
/// from it alone (plus their own parameters): who calls, when, in which state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub struct IssuanceContext {
    /// The instrument domain.
    pub instrument_id: InstrumentId,
    /// The issuance.
    pub issuance_id: IssuanceId,
    /// The manager making the call (the only caller instruments and issuances should accept).
    pub manager: AccountId,
    /// The account that called the manager (maker, taker, keeper...).
    pub caller: AccountId,
    /// Block timestamp of the call.
    pub now: Timestamp,
    /// The issuance as recorded before this call (at `create`: state `Initiated`, no engagement).
    pub issuance: IssuanceRecord,
    /// The engagement the call is about: the new one at `engage`, the named one for events.
    pub engagement: Option<(EngagementId, EngagementRecord)>,
}

/// A fee charged by an instrument to makers at create or to takers at engage (docs/SPEC.md §6).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Fee {
    /// The asset the fee is paid in.
    pub asset: Asset,
    /// How much; a zero fee is no fee.
    pub amount: Balance,
}

/// What an instrument charges, read by the manager in one call at `create_issuance`: the maker
/// fee is charged then; the taker fee and the recipient are recorded with the issuance and used
/// at every engagement of it, whatever the FSP changes later.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Fees {
    /// Paid by the maker at create, if any.
    pub maker: Option<Fee>,
    /// Paid by each taker at engage, if any.
    pub taker: Option<Fee>,
    /// The instrument-escrow account fees are paid to.
    pub recipient: AccountId,
}

/// The most of each asset that may leave the caller's instrument-escrow account during one manager
/// call, fees included, like a swap's maximum input (docs/SPEC.md §6). An asset it does not name
/// may not leave at all. At most `MAX_SPENDING_LIMIT_ASSETS` entries, each asset at most once.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub struct SpendingLimit(pub Vec<(Asset, Balance)>);

impl SpendingLimit {
    /// Nothing may leave the caller's account.
    pub fn none() -> Self {
        Self(Vec::new())
    }

    /// At most `amount` of `asset` may leave.
    pub fn of(asset: Asset, amount: Balance) -> Self {
        Self::none().and(asset, amount)
    }

    /// This limit, and at most `amount` of `asset` too.
    pub fn and(mut self, asset: Asset, amount: Balance) -> Self {
        self.0.push((asset, amount));
        self
    }

    /// The most of `asset` that may leave (0 for an asset the limit does not name).
    pub fn allowed(&self, asset: Asset) -> Balance {
        self.0
            .iter()
            .find(|(named, _)| *named == asset)
            .map_or(0, |(_, amount)| *amount)
    }

    /// Whether the limit is within its bound and names each asset once.
    pub fn is_well_formed(&self) -> bool {
        let entries = &self.0;
        u32::try_from(entries.len()).is_ok_and(|len| len <= MAX_SPENDING_LIMIT_ASSETS)
            && entries
                .iter()
                .enumerate()
                .all(|(i, (asset, _))| entries[..i].iter().all(|(other, _)| other != asset))
    }
}

/// Platform-wide settings kept by the registry; a manager copies what it needs at construction,
/// so a change affects only domains activated afterwards.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Config {
    /// The NUTS token (PSP22, burnable).
    pub nuts_token: AccountId,
    /// NUTS moved from the FSP to the manager at activation and burned at deactivation (may be 0).
    pub instrument_deposit: Balance,
    /// Code hashes of the three manager contracts; `None` where a version is not offered.
    pub manager_v1: Option<Hash>,
    /// See `manager_v1`.
    pub manager_v2: Option<Hash>,
    /// See `manager_v1`.
    pub manager_v3: Option<Hash>,
    /// Code hash of the instrument escrow (one per domain).
    pub instrument_escrow: Hash,
    /// Code hash of the issuance escrow (one per issuance).
    pub issuance_escrow: Hash,
    /// Code hash of the issuance storage (one per v2 issuance); `None` until v2 is offered.
    pub issuance_storage: Option<Hash>,
}

impl Config {
    /// The manager code hash registered for `version`.
    pub fn manager_code_hash(&self, version: ManagerVersion) -> Option<Hash> {
        match version {
            ManagerVersion::V1 => self.manager_v1,
            ManagerVersion::V2 => self.manager_v2,
            ManagerVersion::V3 => self.manager_v3,
        }
    }
}

/// What a manager is constructed with: the same for v1, v2 and v3, built by the registry from
/// the activation's arguments and the Config of the moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct DomainSetup {
    /// The registry that activated the domain: the only account allowed to construct a manager
    /// (a manager refuses a constructor call from anyone else with `NotRegistry`).
    pub registry: AccountId,
    /// The new domain's id.
    pub instrument_id: InstrumentId,
    /// The FSP that activated it.
    pub fsp: AccountId,
    /// The instrument contract.
    pub instrument: AccountId,
    /// From then on, anyone may deactivate the instrument; no issuance is created after it.
    pub termination_timestamp: Timestamp,
    /// From then on, the FSP may deactivate the instrument.
    pub override_timestamp: Timestamp,
    /// The NUTS token.
    pub nuts_token: AccountId,
    /// NUTS the registry moves to the manager at activation; burned at deactivation.
    pub nuts_deposit: Balance,
    /// Code hash of the instrument escrow.
    pub instrument_escrow_code: Hash,
    /// Code hash of the issuance escrow.
    pub issuance_escrow_code: Hash,
    /// Code hash of the issuance storage (v2 only).
    pub issuance_storage_code: Option<Hash>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issuance_transitions_follow_the_lifecycle() {
        use IssuanceState::*;
        let allowed = [
            (Initiated, Engageable),
            (Initiated, Cancelled),
            (Engageable, Cancelled),
            (Engageable, Complete),
        ];
        for from in [Initiated, Engageable, Cancelled, Complete] {
            for to in [Initiated, Engageable, Cancelled, Complete] {
                let expected = from == to || allowed.contains(&(from, to));
                assert_eq!(from.can_become(to), expected, "{from:?} -> {to:?}");
            }
        }
        assert!(Cancelled.is_final() && Complete.is_final());
        assert!(!Initiated.is_final() && !Engageable.is_final());
    }

    #[test]
    fn engagement_transitions_follow_the_lifecycle() {
        use EngagementState::*;
        assert!(Initiated.can_become(Active));
        assert!(Initiated.can_become(Cancelled));
        assert!(Initiated.can_become(Complete));
        assert!(Active.can_become(Complete));
        assert!(
            !Active.can_become(Cancelled),
            "the taker cannot cancel an active engagement"
        );
        assert!(!Active.can_become(Initiated));
        assert!(!Complete.can_become(Active));
        assert!(!Cancelled.can_become(Active));
    }

    #[test]
    fn completion_ratio_is_bounded() {
        assert_eq!(CompletionRatio::new(10_000), Some(CompletionRatio::FULL));
        assert_eq!(CompletionRatio::new(10_001), None);
        assert!(CompletionRatio::ZERO < CompletionRatio::FULL);
    }

    #[test]
    fn spending_limits_name_each_asset_once_within_the_bound() {
        let token = Asset::Token(AccountId::from([7; 32]));
        let limit = SpendingLimit::of(Asset::Native, 5).and(token, 9);
        assert_eq!(limit.allowed(Asset::Native), 5);
        assert_eq!(limit.allowed(token), 9);
        assert_eq!(
            SpendingLimit::none().allowed(token),
            0,
            "unnamed means nothing"
        );
        assert!(limit.is_well_formed());
        assert!(!limit.clone().and(token, 1).is_well_formed(), "duplicate");
        let many = (0..=MAX_SPENDING_LIMIT_ASSETS as u8).fold(SpendingLimit::none(), |l, i| {
            l.and(Asset::Token(AccountId::from([i; 32])), 1)
        });
        assert!(!many.is_well_formed(), "over the bound");
    }

    #[test]
    fn names_are_zero_padded_and_cut() {
        let name = Name::new("repay");
        assert_eq!(name.as_bytes(), b"repay");
        assert_eq!(format!("{name:?}"), "\"repay\"");
        let long = Name::new("a-name-that-is-much-longer-than-thirty-two-bytes");
        assert_eq!(long.as_bytes().len(), NAME_LEN);
    }

    #[test]
    fn typed_text_is_a_name_only_when_it_fits() {
        assert_eq!(Name::from_text("repay"), Some(Name::new("repay")));
        assert_eq!(
            Name::from_text(&"x".repeat(NAME_LEN)).map(|n| n.as_bytes().len()),
            Some(NAME_LEN)
        );
        assert_eq!(Name::from_text(&"x".repeat(NAME_LEN + 1)), None);
        assert_eq!(Name::from_text(""), None);
    }
}
