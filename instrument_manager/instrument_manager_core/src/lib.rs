//! The asset-management core shared by the v1, v2 and v3 instrument managers (docs/SPEC.md §2-§7).
//!
//! A manager contract keeps one [`Domain`] and implements the `InstrumentManager` trait by
//! delegating each message to it, passing an [`IssuanceData`]: the only part that differs between
//! versions, i.e. where an issuance's data lives and how the instrument is asked for an Outcome.
//! Everything else happens here, the same way for every version: whitelists and fees, issuance
//! escrows, validating the Outcome ([`rules`]), executing its transfers, recording engagements and
//! schedules, deactivation and the NUTS burn.
#![cfg_attr(not(feature = "std"), no_std, no_main)]

mod contract;
pub mod rules;

/// The shared types, for [`manager_contract!`] and the version crates.
pub use traits;

use ink::{
    codegen::TraitCallBuilder, contract_ref, env::DefaultEnvironment, prelude::vec::Vec,
    storage::Mapping,
};
use traits::{
    calls::{answered, closed, instantiate, invoke_untrusted},
    events::{
        AssetTransferred, EngagementClosed, EngagementCreated, EngagementUpdated, EventProcessed,
        EventScheduled, EventUnscheduled, InstrumentDeactivated, IssuanceClosed, IssuanceCreated,
        IssuanceUpdated,
    },
    AccountId, Asset, Balance, ClosableEscrow, CompletionRatio, DomainSetup, EngagementId,
    EngagementRecord, EngagementState, Escrow, EscrowError, Fee, Instrument, IssuanceContext,
    IssuanceId, IssuanceRecord, IssuanceState, ManagerError, Name, Outcome, PSP22Burnable,
    ScheduleKey, SpendingLimit, Timestamp, Transfer, TransferKind, MAX_ENGAGEMENTS,
    MAX_PAYLOAD_LEN, MAX_PENDING_SCHEDULES, PSP22,
};

type EscrowRef = contract_ref!(Escrow, DefaultEnvironment);
type InstrumentRef = contract_ref!(Instrument, DefaultEnvironment);
type BurnableRef = contract_ref!(PSP22Burnable, DefaultEnvironment);
/// A PSP22 token, read for an escrow's balance before a move into it.
type Psp22Ref = contract_ref!(PSP22, DefaultEnvironment);

/// An issuance operation other than create, with its arguments, as handed to [`IssuanceData`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Operation {
    /// A taker engages (the new engagement is in the context).
    Engage(Vec<u8>),
    /// The caller offers assets to the issuance.
    Deposit(Asset, Balance),
    /// The caller asks for assets from the issuance.
    Withdraw(Asset, Balance),
    /// A due scheduled event fires, with the payload it was scheduled with.
    ScheduledEvent(Name, Vec<u8>),
    /// A maker or taker sends a custom event.
    CustomEvent(Name, Vec<u8>),
    /// The issuance is renewed.
    Renew(Vec<u8>),
}

/// Where a manager version keeps issuance data and how it asks the instrument for Outcomes.
/// What an implementation stores in a call is reverted with the rest of the call when the
/// Outcome fails the rules, so data never outlives a refused Outcome.
pub trait IssuanceData {
    /// Creates the issuance's data from the maker's `params`; returns the Outcome and the
    /// contract holding the data (v2 storage, v3 instance), if any.
    fn create(
        &mut self,
        setup: &DomainSetup,
        context: &IssuanceContext,
        params: Vec<u8>,
    ) -> Result<(Outcome, Option<AccountId>), ManagerError>;

    /// Runs `operation` on an existing issuance.
    fn operate(
        &mut self,
        setup: &DomainSetup,
        context: &IssuanceContext,
        operation: Operation,
    ) -> Result<Outcome, ManagerError>;

    /// Frees a closing issuance's data (the v1 blob, the v2 storage, the v3 instance), so its
    /// storage deposit goes back to the origin of the call, the maker; `beneficiary` (the
    /// maker) gets a terminated contract's free balance. Returns whether the data was freed:
    /// an FSP's v3 instance may refuse, which keeps its deposit but does not stop the close.
    fn close(
        &mut self,
        issuance_id: IssuanceId,
        issuance: &IssuanceRecord,
        beneficiary: AccountId,
    ) -> Result<bool, ManagerError>;

    /// Reads an instrument-specific datum of an issuance.
    fn custom_data(
        &self,
        setup: &DomainSetup,
        issuance_id: IssuanceId,
        issuance: &IssuanceRecord,
        name: Name,
    ) -> Result<Vec<u8>, ManagerError>;
}

/// The contract holding a v2 or v3 issuance's data (its storage, its instance), recorded at
/// creation; `InstrumentCallFailed` for a record without one.
pub fn data_contract(issuance: &IssuanceRecord) -> Result<AccountId, ManagerError> {
    issuance
        .data_contract
        .ok_or(ManagerError::InstrumentCallFailed)
}

/// Converts an instrument's (or issuance instance's, or issuance storage's) reply.
pub fn instrument_reply<T, E>(
    reply: Result<ink::MessageResult<Result<T, E>>, ink::env::Error>,
) -> Result<T, ManagerError>
where
    ManagerError: From<E>,
{
    answered(reply)
        .ok_or(ManagerError::InstrumentCallFailed)?
        .map_err(ManagerError::from)
}

/// A scheduled event as recorded: when it is due and what it carries.
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
struct Scheduled {
    due: Timestamp,
    payload: Vec<u8>,
}

/// The taker fee of an issuance and its recipient, fixed when the issuance was created.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
struct TakerFee {
    fee: Fee,
    recipient: AccountId,
}

/// One instrument domain's state.
#[ink::storage_item]
#[derive(Debug)]
pub struct Domain {
    setup: DomainSetup,
    instrument_escrow: AccountId,
    deactivated: bool,
    issuance_count: IssuanceId,
    issuances: Mapping<IssuanceId, IssuanceRecord>,
    engagements: Mapping<(IssuanceId, EngagementId), EngagementRecord>,
    /// Takers of each issuance (a set): with the maker, the participants.
    takers: Mapping<(IssuanceId, AccountId), ()>,
    /// Scheduled events; each issuance and engagement record counts its own pending ones
    /// (at most `MAX_PENDING_SCHEDULES` each, so schedules stay bounded).
    schedules: Mapping<(IssuanceId, ScheduleKey), Scheduled>,
    /// Only issuances whose instrument charged a taker fee at their creation have an entry.
    taker_fees: Mapping<IssuanceId, TakerFee>,
}

fn ensure(condition: bool, error: ManagerError) -> Result<(), ManagerError> {
    if condition {
        Ok(())
    } else {
        Err(error)
    }
}

fn caller() -> AccountId {
    ink::env::caller::<DefaultEnvironment>()
}

fn now() -> Timestamp {
    ink::env::block_timestamp::<DefaultEnvironment>()
}

fn emit<E: ink::env::Event>(event: E) {
    ink::env::emit_event::<DefaultEnvironment, E>(event)
}

fn escrow_reply<T>(
    reply: Result<ink::MessageResult<Result<T, EscrowError>>, ink::env::Error>,
) -> Result<T, ManagerError> {
    answered(reply)
        .ok_or(ManagerError::EscrowCallFailed)?
        .map_err(ManagerError::Escrow)
}

fn ensure_payload(bytes: &[u8]) -> Result<(), ManagerError> {
    ensure(
        u32::try_from(bytes.len()).is_ok_and(|len| len <= MAX_PAYLOAD_LEN),
        ManagerError::TooLarge,
    )
}

impl Domain {
    /// Sets up a domain and instantiates its instrument escrow. Called by the manager's
    /// constructor; refuses (`NotRegistry`) unless the registry named in `setup` is the caller, so
    /// a manager's setup is always what its registry decided.
    pub fn new(setup: DomainSetup) -> Result<Self, ManagerError> {
        ensure(caller() == setup.registry, ManagerError::NotRegistry)?;
        let instrument_escrow = instantiate::<EscrowRef>(setup.instrument_escrow_code, &[], ())
            .ok_or(ManagerError::EscrowCallFailed)?;
        Ok(Self {
            setup,
            instrument_escrow,
            deactivated: false,
            issuance_count: 0,
            issuances: Mapping::default(),
            engagements: Mapping::default(),
            takers: Mapping::default(),
            schedules: Mapping::default(),
            taker_fees: Mapping::default(),
        })
    }

    /// What the domain was activated with.
    pub fn setup(&self) -> DomainSetup {
        self.setup
    }

    /// The domain's instrument escrow.
    pub fn instrument_escrow(&self) -> AccountId {
        self.instrument_escrow
    }

    /// Whether new issuances can be created.
    pub fn is_active(&self) -> bool {
        !self.deactivated && now() < self.setup.termination_timestamp
    }

    /// Issuances created so far.
    pub fn issuance_count(&self) -> IssuanceId {
        self.issuance_count
    }

    /// An issuance's record.
    pub fn issuance(&self, issuance_id: IssuanceId) -> Option<IssuanceRecord> {
        self.issuances.get(issuance_id)
    }

    /// An engagement's record.
    pub fn engagement(
        &self,
        issuance_id: IssuanceId,
        engagement_id: EngagementId,
    ) -> Option<EngagementRecord> {
        self.engagements.get((issuance_id, engagement_id))
    }

    /// When a scheduled event is due, if it is scheduled.
    pub fn scheduled_event(
        &self,
        issuance_id: IssuanceId,
        engagement_id: Option<EngagementId>,
        name: Name,
    ) -> Option<Timestamp> {
        self.schedules
            .get((
                issuance_id,
                ScheduleKey {
                    engagement_id,
                    name,
                },
            ))
            .map(|s| s.due)
    }

    /// An issuance's instrument-specific datum.
    pub fn custom_data(
        &self,
        data: &impl IssuanceData,
        issuance_id: IssuanceId,
        name: Name,
    ) -> Result<Vec<u8>, ManagerError> {
        let issuance = self
            .issuance(issuance_id)
            .ok_or(ManagerError::IssuanceNotFound)?;
        data.custom_data(&self.setup, issuance_id, &issuance, name)
    }

    fn instrument(&self) -> InstrumentRef {
        self.setup.instrument.into()
    }

    fn record(&self, issuance_id: IssuanceId) -> Result<IssuanceRecord, ManagerError> {
        self.issuance(issuance_id)
            .ok_or(ManagerError::IssuanceNotFound)
    }

    fn context(
        &self,
        issuance_id: IssuanceId,
        issuance: IssuanceRecord,
        engagement: Option<(EngagementId, EngagementRecord)>,
    ) -> IssuanceContext {
        IssuanceContext {
            instrument_id: self.setup.instrument_id,
            issuance_id,
            manager: ink::env::account_id::<DefaultEnvironment>(),
            caller: caller(),
            now: now(),
            issuance,
            engagement,
        }
    }

    /// Create: whitelist and fees (one instrument call), issuance escrow, maker fee (the taker
    /// fee is recorded for later), then the instrument's Outcome.
    pub fn create_issuance(
        &mut self,
        data: &mut impl IssuanceData,
        params: Vec<u8>,
        limit: SpendingLimit,
    ) -> Result<IssuanceId, ManagerError> {
        ensure(self.is_active(), ManagerError::InstrumentInactive)?;
        ensure_payload(&params)?;
        let maker = caller();
        let instrument = self.instrument();
        // The maker whitelist and the fees in one call.
        let fees = answered(invoke_untrusted(instrument.call().maker_terms(maker)))
            .ok_or(ManagerError::InstrumentCallFailed)?
            .ok_or(ManagerError::MakerNotAllowed)?;
        let issuance_id = self
            .issuance_count
            .checked_add(1)
            .ok_or(ManagerError::Overflow)?;
        let escrow = instantiate::<EscrowRef>(
            self.setup.issuance_escrow_code,
            &issuance_id.to_le_bytes(),
            (),
        )
        .ok_or(ManagerError::EscrowCallFailed)?;
        self.charge_fee(issuance_id, maker, fees.maker, fees.recipient)?;
        if let Some(fee) = fees.taker {
            let recipient = fees.recipient;
            self.taker_fees
                .insert(issuance_id, &TakerFee { fee, recipient });
        }

        let mut record = IssuanceRecord {
            maker,
            state: IssuanceState::Initiated,
            completion_ratio: CompletionRatio::ZERO,
            created_at: now(),
            escrow,
            engagement_count: 0,
            data_contract: None,
            pending_schedules: 0,
        };
        let context = self.context(issuance_id, record, None);
        let (outcome, data_contract) = data.create(&self.setup, &context, params)?;
        record.data_contract = data_contract;
        self.issuance_count = issuance_id;
        emit(IssuanceCreated {
            issuance_id,
            maker,
            escrow,
            state: outcome.issuance_state,
        });
        self.apply(
            issuance_id,
            record,
            &context,
            outcome,
            &limit,
            fees.maker,
            false,
        )?;
        Ok(issuance_id)
    }

    /// Engage: the issuance must be `Engageable`; whitelist, taker fee, new engagement, then the
    /// instrument's Outcome.
    pub fn engage_issuance(
        &mut self,
        data: &mut impl IssuanceData,
        issuance_id: IssuanceId,
        params: Vec<u8>,
        limit: SpendingLimit,
    ) -> Result<EngagementId, ManagerError> {
        ensure_payload(&params)?;
        let mut record = self.record(issuance_id)?;
        ensure(
            record.state == IssuanceState::Engageable,
            ManagerError::IssuanceNotEngageable,
        )?;
        ensure(
            record.engagement_count < MAX_ENGAGEMENTS,
            ManagerError::TooManyEngagements,
        )?;
        let taker = caller();
        let allowed = answered(invoke_untrusted(
            self.instrument().call().is_taker_allowed(taker),
        ))
        .ok_or(ManagerError::InstrumentCallFailed)?;
        ensure(allowed, ManagerError::TakerNotAllowed)?;
        let taker_fee = self.taker_fees.get(issuance_id);
        if let Some(TakerFee { fee, recipient }) = taker_fee {
            self.charge_fee(issuance_id, taker, Some(fee), recipient)?;
        }

        let engagement_id = record
            .engagement_count
            .checked_add(1)
            .ok_or(ManagerError::Overflow)?;
        let engagement = EngagementRecord {
            taker,
            state: EngagementState::Initiated,
            created_at: now(),
            pending_schedules: 0,
        };
        record.engagement_count = engagement_id;
        // The new engagement is written once, by `apply`, with whatever the Outcome changes.
        self.takers.insert((issuance_id, taker), &());
        emit(EngagementCreated {
            issuance_id,
            engagement_id,
            taker,
        });
        let context = self.context(issuance_id, record, Some((engagement_id, engagement)));
        let outcome = data.operate(&self.setup, &context, Operation::Engage(params))?;
        let fee = taker_fee.map(|taker_fee| taker_fee.fee);
        self.apply(issuance_id, record, &context, outcome, &limit, fee, true)?;
        Ok(engagement_id)
    }

    /// Deposit, withdraw, custom event or renew: the instrument decides, the rules check.
    pub fn operate(
        &mut self,
        data: &mut impl IssuanceData,
        issuance_id: IssuanceId,
        engagement_id: Option<EngagementId>,
        operation: Operation,
        limit: SpendingLimit,
    ) -> Result<(), ManagerError> {
        if let Operation::CustomEvent(_, bytes) | Operation::Renew(bytes) = &operation {
            ensure_payload(bytes)?;
        }
        let record = self.record(issuance_id)?;
        self.operate_on(
            data,
            issuance_id,
            record,
            engagement_id,
            operation,
            limit,
            None,
        )
    }

    /// [`Domain::operate`] on the issuance's `record`, just read by the caller (each storage
    /// entry is read at most once per message); `fired`: the scheduled event the caller has
    /// just removed, which no longer counts as pending.
    #[allow(clippy::too_many_arguments)] // `operate`'s, and what its callers already know
    fn operate_on(
        &mut self,
        data: &mut impl IssuanceData,
        issuance_id: IssuanceId,
        mut record: IssuanceRecord,
        engagement_id: Option<EngagementId>,
        operation: Operation,
        limit: SpendingLimit,
        fired: Option<ScheduleKey>,
    ) -> Result<(), ManagerError> {
        let mut engagement = match engagement_id {
            Some(id) => Some((
                id,
                self.engagement(issuance_id, id)
                    .ok_or(ManagerError::EngagementNotFound)?,
            )),
            None => None,
        };
        // `fired` belongs to this engagement (its key carries `engagement_id`), or to the issuance.
        let engagement_changed = match (fired, engagement.as_mut()) {
            (None, _) => false,
            (Some(_), Some((_, engagement))) => {
                engagement.pending_schedules = engagement.pending_schedules.saturating_sub(1);
                true
            }
            (Some(_), None) => {
                record.pending_schedules = record.pending_schedules.saturating_sub(1);
                false
            }
        };
        let context = self.context(issuance_id, record, engagement);
        let custom_event = match &operation {
            Operation::CustomEvent(name, _) => Some(*name),
            _ => None,
        };
        let outcome = data.operate(&self.setup, &context, operation)?;
        self.apply(
            issuance_id,
            record,
            &context,
            outcome,
            &limit,
            None,
            engagement_changed,
        )?;
        if let Some(name) = custom_event {
            emit(EventProcessed {
                issuance_id,
                engagement_id,
                name,
                scheduled: false,
                by: context.caller,
            });
        }
        Ok(())
    }

    /// Fires a recorded, due scheduled event once: it is removed before the instrument runs.
    /// Whoever fires it spends nothing: nothing may leave an instrument-escrow account.
    pub fn process_scheduled_event(
        &mut self,
        data: &mut impl IssuanceData,
        issuance_id: IssuanceId,
        engagement_id: Option<EngagementId>,
        name: Name,
    ) -> Result<(), ManagerError> {
        let record = self.record(issuance_id)?;
        let key = ScheduleKey {
            engagement_id,
            name,
        };
        let scheduled = self
            .schedules
            .get((issuance_id, key))
            .ok_or(ManagerError::EventNotScheduled)?;
        ensure(scheduled.due <= now(), ManagerError::EventNotDue)?;
        self.schedules.remove((issuance_id, key));
        self.operate_on(
            data,
            issuance_id,
            record,
            engagement_id,
            Operation::ScheduledEvent(name, scheduled.payload),
            SpendingLimit::none(),
            Some(key),
        )?;
        emit(EventProcessed {
            issuance_id,
            engagement_id,
            name,
            scheduled: true,
            by: caller(),
        });
        Ok(())
    }

    /// Closes a final issuance for its maker (docs/SPEC.md §5): every engagement final, no
    /// scheduled event pending, the escrow empty. Terminates the escrow and frees the data, then
    /// removes the issuance's record and taker fee; each engagement's record stays until its
    /// taker closes it. Everything freed here was paid for by the maker's create, and
    /// pallet-contracts refunds it to the origin of the call: the maker.
    pub fn close_issuance(
        &mut self,
        data: &mut impl IssuanceData,
        issuance_id: IssuanceId,
    ) -> Result<(), ManagerError> {
        let record = self.record(issuance_id)?;
        let maker = caller();
        ensure(maker == record.maker, ManagerError::NotYours)?;
        ensure(record.state.is_final(), ManagerError::NotFinal)?;
        ensure(
            record.pending_schedules == 0,
            ManagerError::SchedulesPending,
        )?;
        // At most `MAX_ENGAGEMENTS` reads.
        for engagement_id in 1..=record.engagement_count {
            let engagement = self
                .engagement(issuance_id, engagement_id)
                .ok_or(ManagerError::EngagementNotFound)?;
            ensure(engagement.state.is_final(), ManagerError::NotFinal)?;
            ensure(
                engagement.pending_schedules == 0,
                ManagerError::SchedulesPending,
            )?;
        }
        let mut escrow: contract_ref!(ClosableEscrow, DefaultEnvironment) = record.escrow.into();
        closed(record.escrow, escrow.call_mut().close(maker).try_invoke()).map_err(|refused| {
            refused.map_or(ManagerError::EscrowCallFailed, ManagerError::Escrow)
        })?;
        let data_closed = data.close(issuance_id, &record, maker)?;
        self.issuances.remove(issuance_id);
        self.taker_fees.remove(issuance_id);
        emit(IssuanceClosed {
            issuance_id,
            maker,
            data_closed,
        });
        Ok(())
    }

    /// Removes the record of an engagement of a closed issuance for its taker, who paid for it
    /// at engage and gets its storage deposit back (docs/SPEC.md §5).
    pub fn close_engagement(
        &mut self,
        issuance_id: IssuanceId,
        engagement_id: EngagementId,
    ) -> Result<(), ManagerError> {
        ensure(
            (1..=self.issuance_count).contains(&issuance_id),
            ManagerError::IssuanceNotFound,
        )?;
        ensure(
            !self.issuances.contains(issuance_id),
            ManagerError::IssuanceNotClosed,
        )?;
        let engagement = self
            .engagement(issuance_id, engagement_id)
            .ok_or(ManagerError::EngagementNotFound)?;
        let taker = caller();
        ensure(engagement.taker == taker, ManagerError::NotYours)?;
        self.engagements.remove((issuance_id, engagement_id));
        self.takers.remove((issuance_id, taker));
        emit(EngagementClosed {
            issuance_id,
            engagement_id,
            taker,
        });
        Ok(())
    }

    /// Deactivates the instrument (FSP after the override time, anyone after termination) and
    /// burns the NUTS deposit.
    pub fn deactivate(&mut self) -> Result<(), ManagerError> {
        let (by, now) = (caller(), now());
        let allowed = now >= self.setup.termination_timestamp
            || (by == self.setup.fsp && now >= self.setup.override_timestamp);
        ensure(
            !self.deactivated && allowed,
            ManagerError::DeactivationNotAllowed,
        )?;
        self.deactivated = true;
        let burned = self.setup.nuts_deposit;
        if burned > 0 {
            let mut nuts: BurnableRef = self.setup.nuts_token.into();
            answered(nuts.call_mut().burn(burned).try_invoke())
                .ok_or(ManagerError::BurnFailed)?
                .map_err(|_| ManagerError::BurnFailed)?;
        }
        emit(InstrumentDeactivated {
            instrument_id: self.setup.instrument_id,
            by,
            burned,
        });
        Ok(())
    }

    /// The manager's own fee path: the only way assets reach the fee recipient. The amount counts
    /// against the payer's spending limit (checked with the Outcome).
    fn charge_fee(
        &self,
        issuance_id: IssuanceId,
        payer: AccountId,
        fee: Option<Fee>,
        recipient: AccountId,
    ) -> Result<(), ManagerError> {
        let Some(fee) = fee.filter(|fee| fee.amount > 0) else {
            return Ok(());
        };
        let transfer = Transfer::new(
            TransferKind::IntraInstrument,
            payer,
            recipient,
            fee.asset,
            fee.amount,
        );
        self.execute(issuance_id, self.instrument_escrow, &transfer)
    }

    /// Validates `outcome` (nothing is executed unless all of it passes), then executes it.
    /// `engagement_changed`: the context's engagement is new or changed and must be written.
    /// Each engagement and taker is read at most once, and each record written once, at the end.
    #[allow(clippy::too_many_arguments)] // the Outcome and what the caller already knows
    fn apply(
        &mut self,
        issuance_id: IssuanceId,
        mut record: IssuanceRecord,
        context: &IssuanceContext,
        outcome: Outcome,
        limit: &SpendingLimit,
        fee: Option<Fee>,
        engagement_changed: bool,
    ) -> Result<(), ManagerError> {
        let (engagements, takers) = (rules::Memo::default(), rules::Memo::default());
        let is_taker = |account: AccountId| self.takers.contains((issuance_id, account));
        // Engagements to write at the end (at most the Outcome's updates and schedule changes,
        // and the context's).
        let mut changed: Vec<EngagementId> = Vec::new();
        if let Some((id, engagement)) = context.engagement {
            engagements.set(id, Some(engagement));
            takers.set(engagement.taker, true);
            if engagement_changed {
                changed.push(id);
            }
        }
        let facts = rules::Facts {
            before: &record,
            caller: context.caller,
            engagement_state: &|id| {
                let known = self.known_engagement(&engagements, issuance_id, id);
                known.ok().map(|e| e.state)
            },
            is_participant: &|account| account == record.maker || takers.get(account, is_taker),
            limit,
            fee,
        };
        rules::check_outcome(&outcome, &facts)?;

        for transfer in &outcome.transfers {
            self.execute(issuance_id, record.escrow, transfer)?;
        }
        let mut write = |id: EngagementId, engagement: EngagementRecord| {
            engagements.set(id, Some(engagement));
            if !changed.contains(&id) {
                changed.push(id);
            }
        };
        for update in &outcome.engagements {
            let mut engagement =
                self.known_engagement(&engagements, issuance_id, update.engagement_id)?;
            if engagement.state != update.state {
                engagement.state = update.state;
                write(update.engagement_id, engagement);
                emit(EngagementUpdated {
                    issuance_id,
                    engagement_id: update.engagement_id,
                    state: update.state,
                });
            }
        }
        if (record.state, record.completion_ratio)
            != (outcome.issuance_state, outcome.completion_ratio)
        {
            record.state = outcome.issuance_state;
            record.completion_ratio = outcome.completion_ratio;
            emit(IssuanceUpdated {
                issuance_id,
                state: record.state,
                completion_ratio: record.completion_ratio,
            });
        }
        for key in outcome.unschedule {
            let removed = match key.engagement_id {
                None => self.unschedule(issuance_id, key, &mut record.pending_schedules),
                Some(id) => {
                    let mut engagement = self.known_engagement(&engagements, issuance_id, id)?;
                    let removed =
                        self.unschedule(issuance_id, key, &mut engagement.pending_schedules);
                    if removed {
                        write(id, engagement);
                    }
                    removed
                }
            };
            if removed {
                emit(EventUnscheduled { issuance_id, key });
            }
        }
        for event in outcome.schedule {
            let scheduled = Scheduled {
                due: event.due,
                payload: event.payload,
            };
            match event.key.engagement_id {
                None => {
                    self.schedule(
                        issuance_id,
                        event.key,
                        scheduled,
                        &mut record.pending_schedules,
                    )?;
                }
                Some(id) => {
                    let mut engagement = self.known_engagement(&engagements, issuance_id, id)?;
                    // A moved event (its key already scheduled) leaves the count, and the
                    // record, as they were.
                    if self.schedule(
                        issuance_id,
                        event.key,
                        scheduled,
                        &mut engagement.pending_schedules,
                    )? {
                        write(id, engagement);
                    }
                }
            }
            emit(EventScheduled {
                issuance_id,
                key: event.key,
                due: event.due,
            });
        }
        for id in changed {
            let engagement = self.known_engagement(&engagements, issuance_id, id)?;
            self.engagements.insert((issuance_id, id), &engagement);
        }
        self.issuances.insert(issuance_id, &record);
        Ok(())
    }

    /// Engagement `id` of `issuance_id` as `known` has it, read from storage the first time.
    fn known_engagement(
        &self,
        known: &rules::Memo<EngagementId, Option<EngagementRecord>>,
        issuance_id: IssuanceId,
        id: EngagementId,
    ) -> Result<EngagementRecord, ManagerError> {
        known
            .get(id, |id| self.engagement(issuance_id, id))
            .ok_or(ManagerError::EngagementNotFound)
    }

    /// Records (or moves) a scheduled event; a new one counts in `pending`, its issuance's or
    /// engagement's count, which must stay within `MAX_PENDING_SCHEDULES` (`TooLarge`
    /// otherwise). Whether it was new.
    fn schedule(
        &mut self,
        issuance_id: IssuanceId,
        key: ScheduleKey,
        scheduled: Scheduled,
        pending: &mut u32,
    ) -> Result<bool, ManagerError> {
        let new = self
            .schedules
            .insert((issuance_id, key), &scheduled)
            .is_none();
        if new {
            let count = pending.saturating_add(1);
            ensure(count <= MAX_PENDING_SCHEDULES, ManagerError::TooLarge)?;
            *pending = count;
        }
        Ok(new)
    }

    /// Removes a scheduled event, one less in `pending`; false if it was not scheduled.
    fn unschedule(&mut self, issuance_id: IssuanceId, key: ScheduleKey, pending: &mut u32) -> bool {
        if self.schedules.take((issuance_id, key)).is_none() {
            return false;
        }
        *pending = pending.saturating_sub(1);
        true
    }

    /// Moves assets as one transfer asks: from one escrow straight to the other (one transfer),
    /// or inside one escrow.
    ///
    /// What enters an issuance (`Inbound`, at its holder's own create or engage) must arrive in
    /// full: a token that delivers less is refused (`Escrow(TokenTransferMismatch)`), so an
    /// issuance's accounts always hold what its instrument believes. What leaves one
    /// (`Outbound`) credits the recipient with what arrived, so a token that starts taking a fee
    /// mid-loan cannot freeze a repay, default or expiry: the recipient of that token bears the
    /// fee, and no other user or asset does (SECURITY.md "tokens that deliver less").
    fn execute(
        &self,
        issuance_id: IssuanceId,
        issuance_escrow: AccountId,
        transfer: &Transfer,
    ) -> Result<(), ManagerError> {
        let Transfer {
            kind,
            from,
            to,
            asset,
            amount,
        } = *transfer;
        let instrument_escrow = self.instrument_escrow;
        let credited = match kind {
            TransferKind::Inbound => {
                let credited = send_between(instrument_escrow, issuance_escrow, transfer)?;
                ensure(
                    credited == amount,
                    ManagerError::Escrow(EscrowError::TokenTransferMismatch),
                )?;
                credited
            }
            TransferKind::Outbound => send_between(issuance_escrow, instrument_escrow, transfer)?,
            TransferKind::IntraIssuance => {
                move_between(issuance_escrow, from, to, asset, amount)?;
                amount
            }
            TransferKind::IntraInstrument => {
                move_between(instrument_escrow, from, to, asset, amount)?;
                amount
            }
        };
        emit(AssetTransferred {
            issuance_id,
            kind,
            from,
            to,
            asset,
            amount,
            credited,
        });
        Ok(())
    }
}

/// Debits `transfer.from` in the `sender` escrow, sends the asset straight to the `recipient`
/// escrow, and credits `transfer.to` there with what arrived, which it returns. A token's
/// arrival is measured against the recipient's token balance read just before the send.
fn send_between(
    sender: AccountId,
    recipient: AccountId,
    transfer: &Transfer,
) -> Result<Balance, ManagerError> {
    let Transfer {
        from,
        to,
        asset,
        amount,
        ..
    } = *transfer;
    let held_before = match asset {
        Asset::Native => 0,
        Asset::Token(token) => {
            let psp22: Psp22Ref = token.into();
            answered(psp22.call().balance_of(recipient).try_invoke())
                .ok_or(ManagerError::Escrow(EscrowError::TokenCallFailed))?
        }
    };
    let mut sender: EscrowRef = sender.into();
    escrow_reply(
        sender
            .call_mut()
            .send_for(from, recipient, asset, amount)
            .try_invoke(),
    )?;
    let mut recipient: EscrowRef = recipient.into();
    escrow_reply(
        recipient
            .call_mut()
            .credit_received(to, asset, amount, held_before)
            .try_invoke(),
    )
}

fn move_between(
    escrow: AccountId,
    from: AccountId,
    to: AccountId,
    asset: Asset,
    amount: Balance,
) -> Result<(), ManagerError> {
    let mut escrow: EscrowRef = escrow.into();
    escrow_reply(
        escrow
            .call_mut()
            .move_between(from, to, asset, amount)
            .try_invoke(),
    )
}
