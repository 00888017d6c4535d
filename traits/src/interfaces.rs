//! Every cross-contract interface of the platform. Who calls whom:
//!
//! ```text
//! FSP ──activate──▶ InstrumentRegistry ──instantiates──▶ InstrumentManager (v1|v2|v3)
//!                                                           │ instantiates InstrumentEscrow (1 per domain)
//! maker/taker/keeper ──▶ InstrumentManager ───────────────▶│ instantiates IssuanceEscrow (1 per issuance)
//!                                                           │ calls Instrument (whitelists, fees)
//!                                                           │ calls InstrumentV1 | InstrumentV2 (+IssuanceStorage)
//!                                                           │       | InstrumentV3 -> Issuance instance
//! users ──deposit/withdraw──▶ InstrumentEscrow              ▼ executes the Outcome's transfers on the escrows
//! instruments ──▶ PriceOracle
//! ```

use crate::errors::{
    EscrowError, InstrumentError, ManagerError, OracleError, RegistryError, StorageError,
};
use crate::types::{
    AccountId, Asset, Balance, Config, DomainSetup, EngagementId, EngagementRecord, Fee, Fees,
    InstrumentId, IssuanceContext, IssuanceId, IssuanceRecord, ManagerVersion, Name, Outcome,
    SpendingLimit, Timestamp,
};
use ink::prelude::vec::Vec;
pub use psp22::{PSP22Burnable, PSP22Metadata, PSP22Mintable, PSP22};

/// The platform's entry point: Config, and the factory of instrument domains (docs/SPEC.md §2, §3).
#[ink::trait_definition]
pub trait InstrumentRegistry {
    /// Activates `instrument` as a new instrument domain on manager `version`.
    ///
    /// Caller: the instrument's owner (the FSP), who has approved the registry for the Config's
    /// NUTS deposit. Instantiates the manager (which instantiates the instrument escrow), moves
    /// the deposit from the FSP to the manager, records `id -> manager`, emits
    /// `InstrumentActivated` and returns the new id.
    ///
    /// `override_timestamp` must lie in the future and `termination_timestamp` no earlier than it.
    ///
    /// Errors: `InvalidTimestamps`, `VersionNotConfigured`, `NotInstrumentOwner`, `InstrumentCallFailed`,
    /// `ManagerInstantiationFailed`, `Manager(..)`, `DepositFailed`,
    /// `NutsTokenCallFailed`, `Overflow`.
    #[ink(message)]
    fn activate_instrument(
        &mut self,
        version: ManagerVersion,
        instrument: AccountId,
        termination_timestamp: Timestamp,
        override_timestamp: Timestamp,
    ) -> Result<InstrumentId, RegistryError>;

    /// The manager of instrument domain `instrument_id`, if it exists. Anyone.
    #[ink(message)]
    fn manager_of(&self, instrument_id: InstrumentId) -> Option<AccountId>;

    /// How many instruments were activated (ids run from 1 to this). Anyone.
    #[ink(message)]
    fn instrument_count(&self) -> InstrumentId;

    /// The current Config. Anyone.
    #[ink(message)]
    fn config(&self) -> Config;

    /// Replaces the Config; affects only domains activated afterwards.
    /// Caller: the platform admin. Errors: `NotAdmin`.
    #[ink(message)]
    fn set_config(&mut self, config: Config) -> Result<(), RegistryError>;

    /// The platform admin. Anyone.
    #[ink(message)]
    fn admin(&self) -> AccountId;

    /// Proposes `new_admin`; the role moves only when it accepts (two-step transfer).
    /// Caller: the platform admin. Errors: `NotAdmin`.
    #[ink(message)]
    fn transfer_admin(&mut self, new_admin: AccountId) -> Result<(), RegistryError>;

    /// Takes the admin role proposed by `transfer_admin`.
    /// Caller: the proposed admin. Errors: `NotPendingAdmin`.
    #[ink(message)]
    fn accept_admin(&mut self) -> Result<(), RegistryError>;
}

/// The facade of one instrument domain, implemented by the v1, v2 and v3 managers alike.
/// Makers and takers call it; it validates and executes what the instrument decides.
///
/// Every user operation carries a `limit`: the most of each asset that may leave the caller's
/// instrument-escrow account during the call, fees included; more fails with
/// `SpendingLimitExceeded` and nothing moves. Outcome transfers move assets between the issuance's
/// maker and takers only.
#[ink::trait_definition]
pub trait InstrumentManager {
    /// Creates an issuance with instrument-specific `params` (SCALE-encoded).
    ///
    /// Caller: a maker on the instrument's maker whitelist. Instantiates the issuance escrow,
    /// charges the maker fee, records the taker fee and fee recipient of the moment for the
    /// issuance, asks the instrument for the Outcome and executes it.
    /// Errors: `InstrumentInactive`, `MakerNotAllowed`, `TooLarge`, `InvalidSpendingLimit`,
    /// `SpendingLimitExceeded`, `Instrument(..)`, `Escrow(..)`, any Outcome validation error.
    #[ink(message)]
    fn create_issuance(
        &mut self,
        params: Vec<u8>,
        limit: SpendingLimit,
    ) -> Result<IssuanceId, ManagerError>;

    /// Engages an `Engageable` issuance with instrument-specific `params`; returns the new
    /// engagement id (from 1 per issuance).
    ///
    /// Caller: a taker on the taker whitelist. Charges the taker fee recorded at create.
    /// Errors: `IssuanceNotFound`, `IssuanceNotEngageable`, `TakerNotAllowed`,
    /// `TooManyEngagements`, `InvalidSpendingLimit`, `SpendingLimitExceeded`, `Instrument(..)`,
    /// `Escrow(..)`, any Outcome validation error.
    #[ink(message)]
    fn engage_issuance(
        &mut self,
        issuance_id: IssuanceId,
        params: Vec<u8>,
        limit: SpendingLimit,
    ) -> Result<EngagementId, ManagerError>;

    /// Offers `amount` of `asset` from the caller's instrument-escrow account to an issuance;
    /// the instrument decides what happens (usually an Inbound transfer).
    /// Caller: anyone the instrument accepts. Errors: as `engage_issuance`.
    #[ink(message)]
    fn deposit_to_issuance(
        &mut self,
        issuance_id: IssuanceId,
        asset: Asset,
        amount: Balance,
        limit: SpendingLimit,
    ) -> Result<(), ManagerError>;

    /// Asks to take `amount` of `asset` out of an issuance; the instrument decides.
    /// Caller: anyone the instrument accepts. Errors: as `engage_issuance`.
    #[ink(message)]
    fn withdraw_from_issuance(
        &mut self,
        issuance_id: IssuanceId,
        asset: Asset,
        amount: Balance,
        limit: SpendingLimit,
    ) -> Result<(), ManagerError>;

    /// Fires the scheduled event `(engagement_id, name)` of an issuance and removes it.
    ///
    /// Caller: anyone (the keeper): only a recorded schedule whose due time has passed fires,
    /// and only once. Nothing may leave anyone's instrument-escrow account (an empty spending
    /// limit). Errors: `IssuanceNotFound`, `EventNotScheduled`, `EventNotDue`,
    /// `Instrument(..)`, `Escrow(..)`, any Outcome validation error.
    #[ink(message)]
    fn process_scheduled_event(
        &mut self,
        issuance_id: IssuanceId,
        engagement_id: Option<EngagementId>,
        name: Name,
    ) -> Result<(), ManagerError>;

    /// Sends a custom event (cancel, repay...) with `payload` to an issuance.
    /// Caller: whoever the instrument accepts for that event. Errors: as `engage_issuance`,
    /// plus `EngagementNotFound`.
    #[ink(message)]
    fn process_custom_event(
        &mut self,
        issuance_id: IssuanceId,
        engagement_id: Option<EngagementId>,
        name: Name,
        payload: Vec<u8>,
        limit: SpendingLimit,
    ) -> Result<(), ManagerError>;

    /// Renews an issuance with instrument-specific `params` (e.g. a later due time).
    /// Caller: whoever the instrument accepts (the examples: its maker). Errors: as
    /// `engage_issuance`.
    #[ink(message)]
    fn renew_issuance(
        &mut self,
        issuance_id: IssuanceId,
        params: Vec<u8>,
        limit: SpendingLimit,
    ) -> Result<(), ManagerError>;

    /// Closes a final issuance and gives its storage deposits back to its maker
    /// (docs/SPEC.md §5): terminates its issuance escrow and its data contract (the v2 storage;
    /// the v3 instance is asked to, and may refuse), and removes the manager's records of it.
    /// pallet-contracts refunds freed storage to the origin of the call, so only the maker, who
    /// paid for them at create, may close. Afterwards `issuance` returns `None` and every
    /// operation on it fails with `IssuanceNotFound`; the events keep its history.
    ///
    /// Caller: the maker, also after the domain is deactivated. Needs the issuance and every
    /// engagement `Cancelled` or `Complete`, no scheduled event pending, and its escrow empty.
    /// Closing frees storage; the maker's tokens stay in its instrument-escrow account (withdraw
    /// them there). Emits `IssuanceClosed`.
    /// Errors: `IssuanceNotFound` (no such issuance, or already closed), `NotYours`, `NotFinal`,
    /// `SchedulesPending`, `Escrow(NotEmpty)`, `EscrowCallFailed`, `InstrumentCallFailed` (a v2
    /// storage that does not close: then nothing closes).
    #[ink(message)]
    fn close_issuance(&mut self, issuance_id: IssuanceId) -> Result<(), ManagerError>;

    /// Removes the record of an engagement of a closed issuance, giving its storage deposit
    /// back to its taker, who paid for it at engage; possible only once the maker has closed the
    /// issuance. Caller: the taker. Emits `EngagementClosed`. Errors: `IssuanceNotFound` (no such
    /// issuance ever), `IssuanceNotClosed`, `EngagementNotFound` (no such engagement, or already
    /// closed), `NotYours`.
    #[ink(message)]
    fn close_engagement(
        &mut self,
        issuance_id: IssuanceId,
        engagement_id: EngagementId,
    ) -> Result<(), ManagerError>;

    /// Deactivates the instrument and burns the NUTS deposit: no new issuance afterwards;
    /// existing ones run to their end.
    ///
    /// Caller: the FSP once `now >= override_timestamp`; anyone once
    /// `now >= termination_timestamp`. Errors: `DeactivationNotAllowed`, `BurnFailed`.
    #[ink(message)]
    fn deactivate(&mut self) -> Result<(), ManagerError>;

    /// Whether new issuances can be created now (not deactivated, not past termination).
    #[ink(message)]
    fn is_active(&self) -> bool;

    /// The issuance `issuance_id`, if it exists. Anyone.
    #[ink(message)]
    fn issuance(&self, issuance_id: IssuanceId) -> Option<IssuanceRecord>;

    /// Engagement `engagement_id` of an issuance, if it exists. Anyone.
    #[ink(message)]
    fn engagement(
        &self,
        issuance_id: IssuanceId,
        engagement_id: EngagementId,
    ) -> Option<EngagementRecord>;

    /// How many issuances were created (ids run from 1 to this). Anyone.
    #[ink(message)]
    fn issuance_count(&self) -> IssuanceId;

    /// The domain's instrument escrow. Anyone.
    #[ink(message)]
    fn instrument_escrow(&self) -> AccountId;

    /// What the domain was activated with (id, FSP, instrument, timestamps, NUTS deposit, code
    /// hashes). Anyone.
    #[ink(message)]
    fn setup(&self) -> DomainSetup;

    /// The due time of scheduled event `(engagement_id, name)` of an issuance, if scheduled.
    #[ink(message)]
    fn scheduled_event(
        &self,
        issuance_id: IssuanceId,
        engagement_id: Option<EngagementId>,
        name: Name,
    ) -> Option<Timestamp>;

    /// Instrument-specific datum `name` of an issuance (e.g. "due", "principal"), SCALE-encoded.
    /// Errors: `IssuanceNotFound`, `Instrument(UnknownEvent)`.
    #[ink(message)]
    fn custom_data(&self, issuance_id: IssuanceId, name: Name) -> Result<Vec<u8>, ManagerError>;
}

/// An issuance escrow's end: its owner terminates it once it holds nothing for anyone.
#[ink::trait_definition]
pub trait ClosableEscrow {
    /// Terminates the escrow: pallet-contracts refunds its storage deposit to the origin of the
    /// call and sends its free native balance (nobody's, as every account is empty) to
    /// `beneficiary`. Tokens sent to it without a deposit stay with its dead address.
    /// Caller: the owner. Errors: `NotOwner`, `NotEmpty`. Returns nothing on success: the
    /// contract is gone (the caller checks that it no longer exists).
    #[ink(message)]
    fn close(&mut self, beneficiary: AccountId) -> Result<(), EscrowError>;
}

/// Reads and manager moves shared by both escrows. The issuance escrow is exactly this; the
/// instrument escrow adds the user portal (`InstrumentEscrow`).
#[ink::trait_definition]
pub trait Escrow {
    /// The balance of `account` in `asset`. Anyone.
    #[ink(message)]
    fn balance_of(&self, account: AccountId, asset: Asset) -> Balance;

    /// The sum of all accounts' balances of `asset`: what the escrow holds for them. Anyone.
    #[ink(message)]
    fn total_held(&self, asset: Asset) -> Balance;

    /// The escrow's owner: the manager that instantiated it. Anyone.
    #[ink(message)]
    fn owner(&self) -> AccountId;

    /// Debits `account` by `amount` of `asset` and sends it straight to `recipient`: another
    /// escrow of the same owner, which credits it with `credit_received` (one token transfer per
    /// move between escrows). Caller: the owner. Emits `Withdrawn`. Errors: `NotOwner`,
    /// `ZeroAmount`, `ValueMismatch`, `InsufficientBalance`, `TokenCallFailed`,
    /// `TokenTransferFailed`, `NativeTransferFailed`.
    #[ink(message, payable)]
    fn send_for(
        &mut self,
        account: AccountId,
        recipient: AccountId,
        asset: Asset,
        amount: Balance,
    ) -> Result<(), EscrowError>;

    /// Credits `account` with what arrived of the `amount` of `asset` another escrow of the same
    /// owner has just sent here (`send_for`), and returns it (0 credits nothing and emits
    /// nothing).
    ///
    /// For a token, what arrived is this escrow's token balance now less `held_before` (its
    /// balance the owner read just before the send), at most `amount`: a token that takes a fee
    /// on transfer credits the recipient less, and tokens sent to the escrow directly are never
    /// credited to anyone. Native currency arrives exact (`held_before` is ignored). Either way
    /// what the escrow holds must still cover every account's balance (`TokenTransferMismatch`
    /// otherwise). Caller: the owner. Emits `Deposited`. Errors: `NotOwner`, `ZeroAmount`,
    /// `ValueMismatch`, `TokenCallFailed`, `TokenTransferMismatch`, `Overflow`. Rule: docs/SPEC.md
    /// §6, SECURITY.md "tokens that deliver less".
    #[ink(message, payable)]
    fn credit_received(
        &mut self,
        account: AccountId,
        asset: Asset,
        amount: Balance,
        held_before: Balance,
    ) -> Result<Balance, EscrowError>;

    /// Moves `amount` of `asset` from `from`'s account to `to`'s inside this escrow.
    /// Caller: the owner. Emits `Moved`. Errors: `NotOwner`, `ZeroAmount`,
    /// `InsufficientBalance`, `Overflow`.
    #[ink(message)]
    fn move_between(
        &mut self,
        from: AccountId,
        to: AccountId,
        asset: Asset,
        amount: Balance,
    ) -> Result<(), EscrowError>;
}

/// The user portal of an instrument domain: users deposit and withdraw their own assets.
#[ink::trait_definition]
pub trait InstrumentEscrow {
    /// Credits the caller with `amount` of `asset`: native currency sent as the call's value
    /// (which must equal `amount`), or tokens pulled with `transfer_from` after the caller
    /// approved the escrow. Caller: anyone, for their own account. Emits `Deposited`.
    /// Errors: `ZeroAmount`, `ValueMismatch`, `TokenCallFailed`, `TokenTransferFailed`,
    /// `TokenTransferMismatch`, `Overflow`.
    #[ink(message, payable)]
    fn deposit(&mut self, asset: Asset, amount: Balance) -> Result<(), EscrowError>;

    /// Debits the caller by `amount` of `asset` and sends it to the caller.
    /// Caller: anyone, from their own account. Emits `Withdrawn`. Errors: `ZeroAmount`,
    /// `ValueMismatch`, `InsufficientBalance`, `TokenCallFailed`, `TokenTransferFailed`,
    /// `NativeTransferFailed`.
    #[ink(message, payable)]
    fn withdraw(&mut self, asset: Asset, amount: Balance) -> Result<(), EscrowError>;
}

/// The FSP's access point, common to every instrument version: instrument-wide parameters set
/// only by its owner, read by the manager at every create and engage.
#[ink::trait_definition]
pub trait Instrument {
    /// The FSP that owns the instrument. Anyone.
    #[ink(message)]
    fn owner(&self) -> AccountId;

    /// Whether `maker` may create issuances (always, when the maker whitelist is off).
    #[ink(message)]
    fn is_maker_allowed(&self, maker: AccountId) -> bool;

    /// Whether `taker` may engage issuances (always, when the taker whitelist is off).
    #[ink(message)]
    fn is_taker_allowed(&self, taker: AccountId) -> bool;

    /// The maker and taker fees and their recipient. A manager reads them once per issuance,
    /// at create: later changes apply to issuances created afterwards. Anyone.
    #[ink(message)]
    fn fees(&self) -> Fees;

    /// What the manager asks at every create, in one call: `None` if `maker` may not create
    /// (`is_maker_allowed`), else the fees of the issuance it creates now (`fees`). One call
    /// instead of two saves a contract call per create (its code, its call and its storage
    /// reads: BENCHMARKS.md, "Where the proof goes on the node"). Anyone.
    #[ink(message)]
    fn maker_terms(&self, maker: AccountId) -> Option<Fees>;

    /// Turns the maker whitelist on or off. Caller: the owner. Errors: `NotOwner`.
    #[ink(message)]
    fn set_maker_whitelist_enabled(&mut self, enabled: bool) -> Result<(), InstrumentError>;

    /// Adds `maker` to (or removes it from) the maker whitelist. Caller: the owner.
    /// Errors: `NotOwner`.
    #[ink(message)]
    fn set_maker_allowed(&mut self, maker: AccountId, allowed: bool)
        -> Result<(), InstrumentError>;

    /// Turns the taker whitelist on or off. Caller: the owner. Errors: `NotOwner`.
    #[ink(message)]
    fn set_taker_whitelist_enabled(&mut self, enabled: bool) -> Result<(), InstrumentError>;

    /// Adds `taker` to (or removes it from) the taker whitelist. Caller: the owner.
    /// Errors: `NotOwner`.
    #[ink(message)]
    fn set_taker_allowed(&mut self, taker: AccountId, allowed: bool)
        -> Result<(), InstrumentError>;

    /// Sets (or clears) the maker and taker fees. Caller: the owner. Errors: `NotOwner`.
    #[ink(message)]
    fn set_fees(
        &mut self,
        maker_fee: Option<Fee>,
        taker_fee: Option<Fee>,
    ) -> Result<(), InstrumentError>;

    /// Sets the fee recipient. Caller: the owner. Errors: `NotOwner`.
    #[ink(message)]
    fn set_fee_recipient(&mut self, recipient: AccountId) -> Result<(), InstrumentError>;
}

/// Instrument interface v1: stateless logic; the manager keeps each issuance's data blob and
/// passes it in, the instrument returns the Outcome and the new blob. Caller: the manager.
#[ink::trait_definition]
pub trait InstrumentV1 {
    /// Creates an issuance from `params`; returns the Outcome and the issuance's data blob.
    /// Errors: `InvalidParameters` and whatever the instrument's rules refuse.
    #[ink(message)]
    fn create(
        &self,
        context: IssuanceContext,
        params: Vec<u8>,
    ) -> Result<(Outcome, Vec<u8>), InstrumentError>;

    /// Engages an issuance (the new engagement is in the context).
    #[ink(message)]
    fn engage(
        &self,
        context: IssuanceContext,
        data: Vec<u8>,
        params: Vec<u8>,
    ) -> Result<(Outcome, Vec<u8>), InstrumentError>;

    /// Handles a deposit offered by the caller.
    #[ink(message)]
    fn deposit(
        &self,
        context: IssuanceContext,
        data: Vec<u8>,
        asset: Asset,
        amount: Balance,
    ) -> Result<(Outcome, Vec<u8>), InstrumentError>;

    /// Handles a withdrawal asked by the caller.
    #[ink(message)]
    fn withdraw(
        &self,
        context: IssuanceContext,
        data: Vec<u8>,
        asset: Asset,
        amount: Balance,
    ) -> Result<(Outcome, Vec<u8>), InstrumentError>;

    /// Handles a due scheduled event.
    #[ink(message)]
    fn process_scheduled_event(
        &self,
        context: IssuanceContext,
        data: Vec<u8>,
        name: Name,
        payload: Vec<u8>,
    ) -> Result<(Outcome, Vec<u8>), InstrumentError>;

    /// Handles a custom event.
    #[ink(message)]
    fn process_custom_event(
        &self,
        context: IssuanceContext,
        data: Vec<u8>,
        name: Name,
        payload: Vec<u8>,
    ) -> Result<(Outcome, Vec<u8>), InstrumentError>;

    /// Renews an issuance.
    #[ink(message)]
    fn renew(
        &self,
        context: IssuanceContext,
        data: Vec<u8>,
        params: Vec<u8>,
    ) -> Result<(Outcome, Vec<u8>), InstrumentError>;

    /// Reads datum `name` from the blob. Errors: `UnknownEvent`.
    #[ink(message)]
    fn custom_data(&self, data: Vec<u8>, name: Name) -> Result<Vec<u8>, InstrumentError>;
}

/// Instrument interface v2: the issuance's data lives in its IssuanceStorage at `storage`; the
/// manager grants the instrument write access for the duration of each call. Caller: the manager.
#[ink::trait_definition]
pub trait InstrumentV2 {
    /// Creates an issuance from `params`.
    #[ink(message)]
    fn create(
        &mut self,
        context: IssuanceContext,
        storage: AccountId,
        params: Vec<u8>,
    ) -> Result<Outcome, InstrumentError>;

    /// Engages an issuance.
    #[ink(message)]
    fn engage(
        &mut self,
        context: IssuanceContext,
        storage: AccountId,
        params: Vec<u8>,
    ) -> Result<Outcome, InstrumentError>;

    /// Handles a deposit offered by the caller.
    #[ink(message)]
    fn deposit(
        &mut self,
        context: IssuanceContext,
        storage: AccountId,
        asset: Asset,
        amount: Balance,
    ) -> Result<Outcome, InstrumentError>;

    /// Handles a withdrawal asked by the caller.
    #[ink(message)]
    fn withdraw(
        &mut self,
        context: IssuanceContext,
        storage: AccountId,
        asset: Asset,
        amount: Balance,
    ) -> Result<Outcome, InstrumentError>;

    /// Handles a due scheduled event.
    #[ink(message)]
    fn process_scheduled_event(
        &mut self,
        context: IssuanceContext,
        storage: AccountId,
        name: Name,
        payload: Vec<u8>,
    ) -> Result<Outcome, InstrumentError>;

    /// Handles a custom event.
    #[ink(message)]
    fn process_custom_event(
        &mut self,
        context: IssuanceContext,
        storage: AccountId,
        name: Name,
        payload: Vec<u8>,
    ) -> Result<Outcome, InstrumentError>;

    /// Renews an issuance.
    #[ink(message)]
    fn renew(
        &mut self,
        context: IssuanceContext,
        storage: AccountId,
        params: Vec<u8>,
    ) -> Result<Outcome, InstrumentError>;

    /// Reads datum `name` from the storage. Errors: `UnknownEvent`, `StorageFailed`.
    #[ink(message)]
    fn custom_data(&self, storage: AccountId, name: Name) -> Result<Vec<u8>, InstrumentError>;
}

/// Instrument interface v3: the instrument is the issuance factory.
#[ink::trait_definition]
pub trait InstrumentV3 {
    /// Instantiates a new Issuance contract (from the instrument's issuance code hash) owned by
    /// the caller, which alone may call it, and returns its address. Caller: the manager.
    /// Errors: `IssuanceInstantiationFailed`.
    #[ink(message)]
    fn new_issuance(&mut self, context: IssuanceContext) -> Result<AccountId, InstrumentError>;
}

/// One issuance of a v3 instrument: holds the issuance's data and logic. Owned by the manager,
/// which is its only caller (every message fails with `NotManager` for anyone else).
#[ink::trait_definition]
pub trait Issuance {
    /// Creates the issuance from `params`.
    #[ink(message)]
    fn create(
        &mut self,
        context: IssuanceContext,
        params: Vec<u8>,
    ) -> Result<Outcome, InstrumentError>;

    /// Engages the issuance.
    #[ink(message)]
    fn engage(
        &mut self,
        context: IssuanceContext,
        params: Vec<u8>,
    ) -> Result<Outcome, InstrumentError>;

    /// Handles a deposit offered by the caller.
    #[ink(message)]
    fn deposit(
        &mut self,
        context: IssuanceContext,
        asset: Asset,
        amount: Balance,
    ) -> Result<Outcome, InstrumentError>;

    /// Handles a withdrawal asked by the caller.
    #[ink(message)]
    fn withdraw(
        &mut self,
        context: IssuanceContext,
        asset: Asset,
        amount: Balance,
    ) -> Result<Outcome, InstrumentError>;

    /// Handles a due scheduled event.
    #[ink(message)]
    fn process_scheduled_event(
        &mut self,
        context: IssuanceContext,
        name: Name,
        payload: Vec<u8>,
    ) -> Result<Outcome, InstrumentError>;

    /// Handles a custom event.
    #[ink(message)]
    fn process_custom_event(
        &mut self,
        context: IssuanceContext,
        name: Name,
        payload: Vec<u8>,
    ) -> Result<Outcome, InstrumentError>;

    /// Renews the issuance.
    #[ink(message)]
    fn renew(
        &mut self,
        context: IssuanceContext,
        params: Vec<u8>,
    ) -> Result<Outcome, InstrumentError>;

    /// Reads datum `name`. Errors: `UnknownEvent`.
    #[ink(message)]
    fn custom_data(&self, name: Name) -> Result<Vec<u8>, InstrumentError>;

    /// Terminates the instance once its issuance closes (`terminate_contract(beneficiary)`),
    /// so its storage deposit goes back to the maker, the origin of the manager's
    /// `close_issuance`. Caller: the manager. Errors: `NotManager`. An instance that refuses
    /// or fails keeps its deposit; the issuance closes anyway (`IssuanceClosed` says so).
    #[ink(message)]
    fn close(&mut self, beneficiary: AccountId) -> Result<(), InstrumentError>;
}

/// Key-value data of one v2 issuance. Owned by the manager; writable only by the account the
/// manager granted write access to, for the duration of one call.
#[ink::trait_definition]
pub trait IssuanceStorage {
    /// The value under `key`, if any. Anyone.
    #[ink(message)]
    fn get(&self, key: Name) -> Option<Vec<u8>>;

    /// Stores `value` under `key`. Caller: the current writer.
    /// Errors: `NotWriter`, `ValueTooLong`, `TooManyKeys`.
    #[ink(message)]
    fn set(&mut self, key: Name, value: Vec<u8>) -> Result<(), StorageError>;

    /// Removes `key`. Caller: the current writer. Errors: `NotWriter`.
    #[ink(message)]
    fn remove(&mut self, key: Name) -> Result<(), StorageError>;

    /// Gives `writer` write access (replacing any other). Caller: the owner. Errors: `NotOwner`.
    #[ink(message)]
    fn grant_writer(&mut self, writer: AccountId) -> Result<(), StorageError>;

    /// Takes write access away. Caller: the owner. Errors: `NotOwner`.
    #[ink(message)]
    fn revoke_writer(&mut self) -> Result<(), StorageError>;

    /// Terminates the storage once its issuance closes: pallet-contracts refunds its storage
    /// deposit to the origin of the call (the maker) and sends its free balance to
    /// `beneficiary`. Caller: the owner. Errors: `NotOwner`.
    #[ink(message)]
    fn close(&mut self, beneficiary: AccountId) -> Result<(), StorageError>;
}

/// Exchange rates between assets: `quote_amount = base_amount * numerator / denominator`.
#[ink::trait_definition]
pub trait PriceOracle {
    /// The rate of `base` in `quote` as `(numerator, denominator)`. Anyone.
    /// Errors: `RateNotSet`.
    #[ink(message)]
    fn rate(&self, base: Asset, quote: Asset) -> Result<(Balance, Balance), OracleError>;

    /// Sets the rate of `base` in `quote`. Caller: the oracle's admin.
    /// Errors: `NotAdmin`, `InvalidRate`.
    #[ink(message)]
    fn set_rate(
        &mut self,
        base: Asset,
        quote: Asset,
        numerator: Balance,
        denominator: Balance,
    ) -> Result<(), OracleError>;
}
