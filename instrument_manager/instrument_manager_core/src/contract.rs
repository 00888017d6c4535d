//! The manager contract itself, written once for v1, v2 and v3.
//!
//! ink! needs every message of a contract spelled out inside its `#[ink::contract]` module, and
//! contracts-UI shows the docs written there (not the trait's). The three managers differ only in
//! their [`IssuanceData`](crate::IssuanceData), so [`manager_contract!`] writes the module (storage,
//! constructor, every `InstrumentManager` message with its docs) around the version's data type,
//! and each version crate is its `IssuanceData` plus one invocation.

/// Writes an instrument manager contract: `mod $module` with storage struct `$Manager` holding a
/// [`Domain`](crate::Domain) and the version's `$Data` (an `IssuanceData` that is also a storage
/// item with a `Default`), its constructor and every `InstrumentManager` message.
#[macro_export]
macro_rules! manager_contract {
    ($(#[$attr:meta])* mod $module:ident { storage: $Manager:ident, data: $Data:ident $(,)? }) => {
        $(#[$attr])*
        #[ink::contract]
        mod $module {
            // Aliased: ink's storage codegen needs the field type's tokens to come from here.
            use super::$Data as VersionData;
            use ink::prelude::vec::Vec;
            use $crate::traits::{
                Asset, DomainSetup, EngagementId, EngagementRecord, InstrumentManager, IssuanceId,
                IssuanceRecord, ManagerError, Name, SpendingLimit,
            };
            use $crate::{Domain, Operation};

            #[ink(storage)]
            pub struct $Manager {
                domain: Domain,
                data: VersionData,
            }

            impl $Manager {
                /// A new instrument domain, with its instrument escrow.
                ///
                /// Caller: the registry named in `setup` (at activation). Errors: `NotRegistry`
                /// for any other caller, `EscrowCallFailed` if the instrument escrow cannot be
                /// instantiated.
                #[ink(constructor)]
                pub fn new(setup: DomainSetup) -> Result<Self, ManagerError> {
                    Ok(Self {
                        domain: Domain::new(setup)?,
                        data: VersionData::default(),
                    })
                }
            }

            impl InstrumentManager for $Manager {
                /// Creates an issuance from instrument-specific `params` (SCALE-encoded) and
                /// returns its id.
                ///
                /// Caller: a maker the instrument allows. Instantiates the issuance escrow,
                /// charges the maker fee, records the taker fee, runs the instrument and executes
                /// its Outcome; at most `limit` of each asset leaves the maker's instrument-escrow
                /// account, fee included. Errors: `InstrumentInactive`, `MakerNotAllowed`,
                /// `TooLarge`, `InvalidSpendingLimit`, `SpendingLimitExceeded`, `Instrument(..)`,
                /// `Escrow(..)`, any Outcome rule.
                #[ink(message)]
                fn create_issuance(
                    &mut self,
                    params: Vec<u8>,
                    limit: SpendingLimit,
                ) -> Result<IssuanceId, ManagerError> {
                    self.domain.create_issuance(&mut self.data, params, limit)
                }

                /// Engages an `Engageable` issuance with `params`; returns the new engagement id.
                ///
                /// Caller: a taker the instrument allows. Charges the taker fee recorded at
                /// create; at most `limit` of each asset leaves the taker's instrument-escrow
                /// account, fee included. Errors: `IssuanceNotFound`, `IssuanceNotEngageable`,
                /// `TakerNotAllowed`, `TooManyEngagements`, `InvalidSpendingLimit`,
                /// `SpendingLimitExceeded`, `Instrument(..)`, `Escrow(..)`, any Outcome rule.
                #[ink(message)]
                fn engage_issuance(
                    &mut self,
                    issuance_id: IssuanceId,
                    params: Vec<u8>,
                    limit: SpendingLimit,
                ) -> Result<EngagementId, ManagerError> {
                    self.domain
                        .engage_issuance(&mut self.data, issuance_id, params, limit)
                }

                /// Offers `amount` of `asset` to an issuance; the instrument decides what moves,
                /// within `limit`. Caller: anyone the instrument accepts. Errors: as
                /// `engage_issuance`.
                #[ink(message)]
                fn deposit_to_issuance(
                    &mut self,
                    issuance_id: IssuanceId,
                    asset: Asset,
                    amount: Balance,
                    limit: SpendingLimit,
                ) -> Result<(), ManagerError> {
                    let operation = Operation::Deposit(asset, amount);
                    self.domain
                        .operate(&mut self.data, issuance_id, None, operation, limit)
                }

                /// Asks for `amount` of `asset` from an issuance; the instrument decides, within
                /// `limit`. Caller: anyone the instrument accepts. Errors: as `engage_issuance`.
                #[ink(message)]
                fn withdraw_from_issuance(
                    &mut self,
                    issuance_id: IssuanceId,
                    asset: Asset,
                    amount: Balance,
                    limit: SpendingLimit,
                ) -> Result<(), ManagerError> {
                    let operation = Operation::Withdraw(asset, amount);
                    self.domain
                        .operate(&mut self.data, issuance_id, None, operation, limit)
                }

                /// Fires scheduled event `(engagement_id, name)` of an issuance once it is due,
                /// and removes it.
                ///
                /// Caller: anyone (the keeper); nothing may leave anyone's instrument-escrow
                /// account. Errors: `IssuanceNotFound`, `EventNotScheduled` (never scheduled or
                /// already fired), `EventNotDue`, `Instrument(..)`, `Escrow(..)`, any Outcome rule.
                #[ink(message)]
                fn process_scheduled_event(
                    &mut self,
                    issuance_id: IssuanceId,
                    engagement_id: Option<EngagementId>,
                    name: Name,
                ) -> Result<(), ManagerError> {
                    self.domain.process_scheduled_event(
                        &mut self.data,
                        issuance_id,
                        engagement_id,
                        name,
                    )
                }

                /// Sends custom event `name` (cancel, repay...) with `payload` to an issuance or
                /// one of its engagements, spending at most `limit`.
                ///
                /// Caller: whoever the instrument accepts for that event. Errors: as
                /// `engage_issuance`, plus `EngagementNotFound`.
                #[ink(message)]
                fn process_custom_event(
                    &mut self,
                    issuance_id: IssuanceId,
                    engagement_id: Option<EngagementId>,
                    name: Name,
                    payload: Vec<u8>,
                    limit: SpendingLimit,
                ) -> Result<(), ManagerError> {
                    let operation = Operation::CustomEvent(name, payload);
                    self.domain
                        .operate(&mut self.data, issuance_id, engagement_id, operation, limit)
                }

                /// Renews an issuance with instrument-specific `params` (e.g. a later due time),
                /// spending at most `limit`. Caller: whoever the instrument accepts (the examples:
                /// the maker). Errors: as `engage_issuance`.
                #[ink(message)]
                fn renew_issuance(
                    &mut self,
                    issuance_id: IssuanceId,
                    params: Vec<u8>,
                    limit: SpendingLimit,
                ) -> Result<(), ManagerError> {
                    let operation = Operation::Renew(params);
                    self.domain
                        .operate(&mut self.data, issuance_id, None, operation, limit)
                }

                /// Closes a final issuance and gives its storage deposits back to the maker:
                /// terminates its escrow and data contract (a v3 instance may refuse) and removes
                /// its record; afterwards every operation on it fails with `IssuanceNotFound`.
                /// Caller: the maker, also after deactivation. Needs the issuance and its
                /// engagements `Cancelled` or `Complete`, no scheduled event pending, and an
                /// empty escrow; the maker's tokens stay in its instrument-escrow account.
                /// Emits `IssuanceClosed`. Errors: `IssuanceNotFound` (none, or closed),
                /// `NotYours`, `NotFinal`, `SchedulesPending`, `Escrow(NotEmpty)`,
                /// `EscrowCallFailed`, `InstrumentCallFailed` (a v2 storage that does not close).
                #[ink(message)]
                fn close_issuance(&mut self, issuance_id: IssuanceId) -> Result<(), ManagerError> {
                    self.domain.close_issuance(&mut self.data, issuance_id)
                }

                /// Removes the record of an engagement of a closed issuance, giving its storage
                /// deposit back to the taker (only once the maker has closed the issuance).
                /// Caller: the taker. Emits `EngagementClosed`. Errors: `IssuanceNotFound`,
                /// `IssuanceNotClosed`, `EngagementNotFound` (none, or closed), `NotYours`.
                #[ink(message)]
                fn close_engagement(
                    &mut self,
                    issuance_id: IssuanceId,
                    engagement_id: EngagementId,
                ) -> Result<(), ManagerError> {
                    self.domain.close_engagement(issuance_id, engagement_id)
                }

                /// Deactivates the instrument and burns the NUTS deposit; existing issuances run
                /// to their end. Caller: the FSP from the override time, anyone from the
                /// termination time. Errors: `DeactivationNotAllowed`, `BurnFailed`.
                #[ink(message)]
                fn deactivate(&mut self) -> Result<(), ManagerError> {
                    self.domain.deactivate()
                }

                /// Whether new issuances can be created now. Anyone.
                #[ink(message)]
                fn is_active(&self) -> bool {
                    self.domain.is_active()
                }

                /// Issuance `issuance_id`, if it exists. Anyone.
                #[ink(message)]
                fn issuance(&self, issuance_id: IssuanceId) -> Option<IssuanceRecord> {
                    self.domain.issuance(issuance_id)
                }

                /// Engagement `engagement_id` of an issuance, if it exists. Anyone.
                #[ink(message)]
                fn engagement(
                    &self,
                    issuance_id: IssuanceId,
                    engagement_id: EngagementId,
                ) -> Option<EngagementRecord> {
                    self.domain.engagement(issuance_id, engagement_id)
                }

                /// How many issuances were created (ids run from 1 to this). Anyone.
                #[ink(message)]
                fn issuance_count(&self) -> IssuanceId {
                    self.domain.issuance_count()
                }

                /// The domain's instrument escrow, where users deposit and withdraw. Anyone.
                #[ink(message)]
                fn instrument_escrow(&self) -> AccountId {
                    self.domain.instrument_escrow()
                }

                /// What the domain was activated with (registry, id, FSP, instrument, times,
                /// NUTS deposit, code hashes). Anyone.
                #[ink(message)]
                fn setup(&self) -> DomainSetup {
                    self.domain.setup()
                }

                /// When scheduled event `(engagement_id, name)` of an issuance is due, if it is
                /// scheduled. Anyone.
                #[ink(message)]
                fn scheduled_event(
                    &self,
                    issuance_id: IssuanceId,
                    engagement_id: Option<EngagementId>,
                    name: Name,
                ) -> Option<Timestamp> {
                    self.domain
                        .scheduled_event(issuance_id, engagement_id, name)
                }

                /// Instrument-specific datum `name` of an issuance, SCALE-encoded. Anyone.
                /// Errors: `IssuanceNotFound`, `Instrument(UnknownEvent)`.
                #[ink(message)]
                fn custom_data(
                    &self,
                    issuance_id: IssuanceId,
                    name: Name,
                ) -> Result<Vec<u8>, ManagerError> {
                    self.domain.custom_data(&self.data, issuance_id, name)
                }
            }
        }
    };
}
