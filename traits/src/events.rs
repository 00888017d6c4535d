//! Events shared by the platform's contracts. Ids and accounts are topics; amounts never are.

use crate::types::{
    AccountId, Asset, Balance, CompletionRatio, Config, EngagementId, EngagementState,
    InstrumentId, IssuanceId, IssuanceState, ManagerVersion, Name, ScheduleKey, Timestamp,
    TransferKind,
};

/// An escrow credited `account` with `amount` of `asset` that came from outside the escrow
/// (a user's own deposit, or the manager depositing on the account's behalf).
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deposited {
    /// The account credited.
    #[ink(topic)]
    pub account: AccountId,
    /// The asset.
    pub asset: Asset,
    /// The amount.
    pub amount: Balance,
    /// Who called: the account itself or the escrow's owner.
    pub by: AccountId,
}

/// An escrow debited `account` by `amount` of `asset`, which left the escrow (to the account
/// itself for a user withdrawal, to the escrow's owner for a manager withdrawal).
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Withdrawn {
    /// The account debited.
    #[ink(topic)]
    pub account: AccountId,
    /// The asset.
    pub asset: Asset,
    /// The amount.
    pub amount: Balance,
    /// Where the assets went.
    pub to: AccountId,
}

/// The escrow's owner moved `amount` of `asset` between two accounts of the escrow.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Moved {
    /// The account debited.
    #[ink(topic)]
    pub from: AccountId,
    /// The account credited.
    #[ink(topic)]
    pub to: AccountId,
    /// The asset.
    pub asset: Asset,
    /// The amount.
    pub amount: Balance,
}

/// The registry activated an instrument: a new instrument domain exists.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstrumentActivated {
    /// The new domain's id.
    #[ink(topic)]
    pub instrument_id: InstrumentId,
    /// The FSP that activated it.
    #[ink(topic)]
    pub fsp: AccountId,
    /// The instrument contract.
    #[ink(topic)]
    pub instrument: AccountId,
    /// The domain's manager.
    pub manager: AccountId,
    /// The domain's instrument escrow.
    pub instrument_escrow: AccountId,
    /// The manager version.
    pub version: ManagerVersion,
}

/// A manager deactivated its instrument and burned the NUTS deposit.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstrumentDeactivated {
    /// The domain.
    #[ink(topic)]
    pub instrument_id: InstrumentId,
    /// Who deactivated it.
    #[ink(topic)]
    pub by: AccountId,
    /// NUTS burned.
    pub burned: Balance,
}

/// A maker created an issuance.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuanceCreated {
    /// The issuance.
    #[ink(topic)]
    pub issuance_id: IssuanceId,
    /// Its maker.
    #[ink(topic)]
    pub maker: AccountId,
    /// Its escrow.
    pub escrow: AccountId,
    /// Its state right after creation.
    pub state: IssuanceState,
}

/// An issuance changed state or completion ratio.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuanceUpdated {
    /// The issuance.
    #[ink(topic)]
    pub issuance_id: IssuanceId,
    /// Its new state.
    pub state: IssuanceState,
    /// Its new completion ratio.
    pub completion_ratio: CompletionRatio,
}

/// A taker engaged an issuance.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EngagementCreated {
    /// The issuance.
    #[ink(topic)]
    pub issuance_id: IssuanceId,
    /// The new engagement's id within the issuance.
    pub engagement_id: EngagementId,
    /// The taker.
    #[ink(topic)]
    pub taker: AccountId,
}

/// An engagement changed state.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EngagementUpdated {
    /// The issuance.
    #[ink(topic)]
    pub issuance_id: IssuanceId,
    /// The engagement.
    pub engagement_id: EngagementId,
    /// Its new state.
    pub state: EngagementState,
}

/// The manager executed one transfer of an Outcome.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssetTransferred {
    /// The issuance whose Outcome asked for it.
    #[ink(topic)]
    pub issuance_id: IssuanceId,
    /// Which escrows were involved.
    pub kind: TransferKind,
    /// The account debited.
    #[ink(topic)]
    pub from: AccountId,
    /// The account credited.
    #[ink(topic)]
    pub to: AccountId,
    /// The asset.
    pub asset: Asset,
    /// The amount debited: what the Outcome asked for.
    pub amount: Balance,
    /// The amount credited to `to`: `amount`, or less on an `Outbound` move of a token that took
    /// a fee on the way (the recipient bears it; SECURITY.md "tokens that deliver less").
    pub credited: Balance,
}

/// An event was scheduled (or moved): the keeper fires it at `due`.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventScheduled {
    /// The issuance.
    #[ink(topic)]
    pub issuance_id: IssuanceId,
    /// Which event.
    pub key: ScheduleKey,
    /// When it becomes due (milliseconds).
    pub due: Timestamp,
}

/// A scheduled event was cancelled by an Outcome.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventUnscheduled {
    /// The issuance.
    #[ink(topic)]
    pub issuance_id: IssuanceId,
    /// Which event.
    pub key: ScheduleKey,
}

/// A scheduled or custom event was processed.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventProcessed {
    /// The issuance.
    #[ink(topic)]
    pub issuance_id: IssuanceId,
    /// The engagement it was about, if any.
    pub engagement_id: Option<EngagementId>,
    /// The event's name.
    pub name: Name,
    /// Whether it was a scheduled event (else a custom one).
    pub scheduled: bool,
    /// Who sent it.
    #[ink(topic)]
    pub by: AccountId,
}

/// A maker closed a final issuance: its escrow and data contract were terminated and the
/// manager's records of it removed, so their storage deposits went back to the maker (the
/// origin of the call; docs/SPEC.md §5).
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuanceClosed {
    /// The issuance.
    #[ink(topic)]
    pub issuance_id: IssuanceId,
    /// Its maker, who closed it.
    #[ink(topic)]
    pub maker: AccountId,
    /// Whether its data was freed too (the v1 blob, the v2 storage, the v3 instance): `false`
    /// only when a v3 instance (FSP code) refused to close, which keeps its deposit there.
    pub data_closed: bool,
}

/// A taker closed its engagement of a closed issuance: the manager's record of it was removed,
/// so its storage deposit went back to the taker.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EngagementClosed {
    /// The issuance.
    #[ink(topic)]
    pub issuance_id: IssuanceId,
    /// The engagement.
    pub engagement_id: EngagementId,
    /// Its taker, who closed it.
    #[ink(topic)]
    pub taker: AccountId,
}

/// The platform admin proposed a successor (two-step transfer).
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdminTransferProposed {
    /// The current admin.
    #[ink(topic)]
    pub admin: AccountId,
    /// The proposed admin.
    #[ink(topic)]
    pub proposed: AccountId,
}

/// The admin role moved.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdminChanged {
    /// The new admin.
    #[ink(topic)]
    pub admin: AccountId,
}

/// The Config changed (affects domains activated from now on).
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigChanged {
    /// The new Config.
    pub config: Config,
}

/// A rate was set.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateSet {
    /// The asset priced.
    #[ink(topic)]
    pub base: Asset,
    /// The asset it is priced in.
    #[ink(topic)]
    pub quote: Asset,
    /// Numerator of the rate.
    pub numerator: Balance,
    /// Denominator of the rate.
    pub denominator: Balance,
}
