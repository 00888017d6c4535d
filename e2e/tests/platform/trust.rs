//! What a hostile FSP (or anyone) could try against the platform, on chain: activation times,
//! constructing a manager outside the registry, spending beyond the caller's limit, fees changed
//! under an issuance, paying the fee recipient from an issuance, v1 blobs over their bound and v2
//! storage writes outside the granted call. Each attempt gets a typed error and moves nothing.

use client::{
    chain::{constructor_input, GENESIS_TIME},
    clients::{Escrow, InstrumentClient, Manager, Storage},
    contracts,
    platform::{fund, Platform},
};
use ink::scale::{Decode, Encode};
use instrument_manager_v1::InstrumentManagerV1Ref;
use instrument_manager_v2::InstrumentManagerV2Ref;
use instrument_manager_v3::InstrumentManagerV3Ref;
use lending_logic::REPAY;
use traits::{
    events::IssuanceClosed, AccountId, CompletionRatio, DomainSetup, EngagementState,
    EngagementUpdate, EscrowError, Fee, IssuanceState, ManagerError, ManagerVersion, Name, Outcome,
    RegistryError, ScheduleKey, ScheduledEvent, SpendingLimit, StorageError, Transfer,
    TransferKind, DAY_MS, MAX_ISSUANCE_DATA_LEN, MAX_PENDING_SCHEDULES, MAX_SCHEDULE_CHANGES,
    MAX_TRANSFERS,
};

use crate::fixtures::*;

const TOUCHED: Name = Name::new("touched");

/// The hostile instrument activated on `version`, with a maker holding USD in the domain.
struct Hostile {
    p: Platform,
    fsp: AccountId,
    maker: AccountId,
    usd: client::clients::Token,
    instrument: InstrumentClient,
    manager: Manager,
    escrow: Escrow,
}

impl Hostile {
    fn new(version: ManagerVersion) -> Self {
        let mut p = Platform::new(DEPOSIT);
        let (fsp, maker) = (p.chain.account("fsp"), p.chain.account("maker"));
        let usd = client::clients::Token::deploy_test_token(&mut p.chain, fsp, 0, b"usd");
        let instrument = deploy_hostile(&mut p.chain, fsp, b"hostile");
        p.give_nuts(fsp, DEPOSIT);
        let (reply, manager) = p.activate(fsp, version, instrument.0, TERMINATION_AT, OVERRIDE_AT);
        assert_eq!(reply, Ok(Ok(1)));
        let manager = manager.expect("activated");
        let escrow = manager.instrument_escrow(&mut p.chain);
        fund(&mut p.chain, escrow, maker, usd, MAKER_FUNDS);
        Hostile {
            p,
            fsp,
            maker,
            usd,
            instrument,
            manager,
            escrow,
        }
    }

    /// An Outcome: `Engageable`, the maker's `amount` USD into the issuance escrow.
    fn lock(&self, amount: u128) -> Outcome {
        let mut outcome = Outcome::new(IssuanceState::Engageable, CompletionRatio::ZERO);
        outcome.transfers = vec![Transfer::new(
            TransferKind::Inbound,
            self.maker,
            self.maker,
            self.usd.asset(),
            amount,
        )];
        outcome
    }

    /// The maker creates an issuance on `version` whose Outcome is [`Hostile::lock`]`(amount)`.
    fn create_locked(&mut self, version: ManagerVersion, amount: u128) -> traits::IssuanceId {
        let (lock, limit) = (
            Script(version, self.lock(amount)),
            SpendingLimit::of(self.usd.asset(), amount),
        );
        let created = self
            .manager
            .create_issuance(&mut self.p.chain, self.maker, lock, limit);
        created.expect("call").expect("created")
    }

    fn maker_usd(&mut self) -> u128 {
        let (escrow, maker, usd) = (self.escrow, self.maker, self.usd.asset());
        escrow.balance_of(&mut self.p.chain, maker, usd)
    }
}

#[test]
fn activation_refuses_times_not_in_the_future_or_out_of_order() {
    let mut p = Platform::new(DEPOSIT);
    let fsp = p.chain.account("fsp");
    let instrument =
        InstrumentClient::deploy_lending(&mut p.chain, fsp, p.oracle, ManagerVersion::V3, b"l");
    p.give_nuts(fsp, DEPOSIT);
    let now = p.chain.now();
    assert_eq!(now, GENESIS_TIME);
    for (termination, override_at) in [
        (0, 0),
        (TERMINATION_AT, now),
        (now, now),
        (TERMINATION_AT, now - 1),
        (OVERRIDE_AT - 1, OVERRIDE_AT),
    ] {
        let (reply, manager) = p.activate(
            fsp,
            ManagerVersion::V3,
            instrument.0,
            termination,
            override_at,
        );
        assert_eq!(
            reply,
            Ok(Err(RegistryError::InvalidTimestamps)),
            "termination {termination}, override {override_at}"
        );
        assert_eq!(manager, None);
    }
    assert_eq!(p.registry.instrument_count(&mut p.chain), 0);
    assert_eq!(
        p.nuts.balance_of(&mut p.chain, fsp),
        DEPOSIT,
        "no NUTS moved"
    );
    // override == termination, both ahead: accepted
    let (reply, _) = p.activate(fsp, ManagerVersion::V3, instrument.0, now + 1, now + 1);
    assert_eq!(reply, Ok(Ok(1)));
}

#[test]
fn only_the_registry_constructs_a_manager() {
    let mut p = Platform::new(DEPOSIT);
    let stranger = p.chain.account("stranger");
    let config = p.registry.config(&mut p.chain);
    let setup = DomainSetup {
        registry: p.registry.0,
        instrument_id: 1,
        fsp: stranger,
        instrument: stranger,
        termination_timestamp: TERMINATION_AT,
        override_timestamp: OVERRIDE_AT,
        nuts_token: config.nuts_token,
        nuts_deposit: 0,
        instrument_escrow_code: config.instrument_escrow,
        issuance_escrow_code: config.issuance_escrow,
        issuance_storage_code: config.issuance_storage,
    };
    for version in [ManagerVersion::V1, ManagerVersion::V2, ManagerVersion::V3] {
        let new = match version {
            ManagerVersion::V1 => constructor_input(InstrumentManagerV1Ref::new(setup)),
            ManagerVersion::V2 => constructor_input(InstrumentManagerV2Ref::new(setup)),
            ManagerVersion::V3 => constructor_input(InstrumentManagerV3Ref::new(setup)),
        };
        let made = p.chain.try_instantiate::<ManagerError>(
            contracts::manager(version),
            stranger,
            new,
            0,
            b"fake",
        );
        assert_eq!(made, Ok(Err(ManagerError::NotRegistry)), "{version:?}");
    }
}

fn spending_limits_bound_what_leaves_the_callers_account(version: ManagerVersion) {
    let mut w = World::new(version);
    let (manager, maker, taker, fsp) = (w.manager, w.maker, w.taker, w.fsp);
    let (usd, gold, loan) = (w.usd.asset(), w.gold.asset(), w.loan());
    for (limit, error) in [
        (
            SpendingLimit::of(usd, PRINCIPAL - 1),
            ManagerError::SpendingLimitExceeded,
        ),
        (
            SpendingLimit::of(gold, PRINCIPAL),
            ManagerError::SpendingLimitExceeded,
        ),
        (SpendingLimit::none(), ManagerError::SpendingLimitExceeded),
        (
            SpendingLimit::of(usd, PRINCIPAL).and(usd, PRINCIPAL),
            ManagerError::InvalidSpendingLimit,
        ),
    ] {
        let created = manager.create_issuance(w.chain(), maker, loan, limit);
        assert_eq!(created, Ok(Err(error)));
    }
    assert_eq!(manager.issuance_count(w.chain()), 0);
    assert_eq!(w.escrowed(maker, w.usd), MAKER_FUNDS, "nothing moved");

    // the maker fee counts against the limit
    let fee = Some(Fee {
        asset: usd,
        amount: 100,
    });
    let instrument = w.instrument;
    assert_eq!(instrument.set_fees(w.chain(), fsp, fee, None), Ok(Ok(())));
    let exact = SpendingLimit::of(usd, PRINCIPAL);
    let created = manager.create_issuance(w.chain(), maker, loan, exact);
    assert_eq!(created, Ok(Err(ManagerError::SpendingLimitExceeded)));
    let with_fee = SpendingLimit::of(usd, PRINCIPAL + 100);
    let id = manager
        .create_issuance(w.chain(), maker, loan, with_fee)
        .expect("call")
        .expect("created within the limit");
    assert_eq!(w.escrowed(maker, w.usd), MAKER_FUNDS - PRINCIPAL - 100);

    // the taker: collateral within its limit, then the repayment within its limit
    let short = SpendingLimit::of(gold, COLLATERAL - 1);
    let engaged = manager.engage_issuance(w.chain(), taker, id, (), short);
    assert_eq!(engaged, Ok(Err(ManagerError::SpendingLimitExceeded)));
    assert_eq!(w.escrowed(taker, w.gold), TAKER_GOLD, "nothing moved");
    let exact = SpendingLimit::of(gold, COLLATERAL);
    assert_eq!(
        manager.engage_issuance(w.chain(), taker, id, (), exact),
        Ok(Ok(1))
    );
    let owed = PRINCIPAL + INTEREST;
    let short = SpendingLimit::of(usd, owed - 1);
    let repaid = manager.process_custom_event(w.chain(), taker, id, Some(1), REPAY, owed, short);
    assert_eq!(repaid, Ok(Err(ManagerError::SpendingLimitExceeded)));
    assert_eq!(
        w.escrowed(taker, w.usd),
        TAKER_USD + PRINCIPAL,
        "nothing moved"
    );
    w.check_escrows(1);
}

fn the_taker_fee_is_the_one_in_force_when_the_issuance_was_made(version: ManagerVersion) {
    let mut w = World::new(version);
    let (manager, taker, fsp, instrument) = (w.manager, w.taker, w.fsp, w.instrument);
    let usd = w.usd.asset();
    let fee = |amount| Some(Fee { asset: usd, amount });
    assert_eq!(
        instrument.set_fees(w.chain(), fsp, None, fee(50)),
        Ok(Ok(()))
    );
    let id = w.create_loan();
    // the FSP raises the fee and redirects it after the offer was made
    let other = w.chain().account("other recipient");
    assert_eq!(
        instrument.set_fees(w.chain(), fsp, None, fee(900)),
        Ok(Ok(()))
    );
    assert_eq!(
        instrument.set_fee_recipient(w.chain(), fsp, other),
        Ok(Ok(()))
    );
    assert_eq!(instrument.fees(w.chain()).taker, fee(900));
    let limit = SpendingLimit::of(w.gold.asset(), COLLATERAL).and(usd, 50);
    assert_eq!(
        manager.engage_issuance(w.chain(), taker, id, (), limit),
        Ok(Ok(1))
    );
    assert_eq!(
        w.escrowed(fsp, w.usd),
        50,
        "the fee of the offer, to its recipient"
    );
    assert_eq!(w.escrowed(other, w.usd), 0);
    assert_eq!(w.escrowed(taker, w.usd), TAKER_USD - 50 + PRINCIPAL);
}

fn renewals_stop_at_the_due_time_and_at_the_total_cap(version: ManagerVersion) {
    let mut w = World::new(version);
    let (manager, maker, taker) = (w.manager, w.maker, w.taker);
    let id = w.create_loan();
    let renew = |w: &mut World, days: u32| {
        manager.renew_issuance(w.chain(), maker, id, days, SpendingLimit::none())
    };
    // created for 7 days; 14 + 7 more reach the 28-day cap
    assert_eq!(renew(&mut w, 14), Ok(Ok(())));
    assert_eq!(renew(&mut w, 7), Ok(Ok(())));
    assert_eq!(
        renew(&mut w, 1),
        Ok(Err(ManagerError::Instrument(
            traits::InstrumentError::InvalidParameters
        )))
    );
    let due = GENESIS_TIME + 28 * DAY_MS;
    let key = lending_logic::ISSUANCE_DUE;
    assert_eq!(manager.scheduled_event(w.chain(), id, None, key), Some(due));
    // at the due time the offer is over, even before the keeper fires it
    w.chain().set_time(due);
    assert_eq!(
        renew(&mut w, 1),
        Ok(Err(ManagerError::Instrument(
            traits::InstrumentError::TooLate
        )))
    );
    let limit = SpendingLimit::of(w.gold.asset(), COLLATERAL);
    assert_eq!(
        manager.engage_issuance(w.chain(), taker, id, (), limit),
        Ok(Err(ManagerError::Instrument(
            traits::InstrumentError::TooLate
        )))
    );
    assert_eq!(w.escrowed(taker, w.gold), TAKER_GOLD);
    assert_eq!(w.locked(id, maker, w.usd), PRINCIPAL);
}

fn payment_to(h: &Hostile, to: AccountId) -> Outcome {
    let mut outcome = Outcome::new(IssuanceState::Engageable, CompletionRatio::ZERO);
    outcome.transfers = vec![Transfer::new(
        TransferKind::Outbound,
        h.maker,
        to,
        h.usd.asset(),
        100,
    )];
    outcome
}

#[test]
fn outcome_transfers_reach_only_makers_and_takers_not_the_fee_recipient() {
    let mut h = Hostile::new(ManagerVersion::V1);
    let (manager, maker, fsp) = (h.manager, h.maker, h.fsp);
    let script = (h.lock(1_000), 0u32, 0u8);
    let id = manager
        .create_issuance(
            &mut h.p.chain,
            maker,
            script,
            SpendingLimit::of(h.usd.asset(), 1_000),
        )
        .expect("call")
        .expect("created");
    // the FSP is its own fee recipient; its instrument tries to pay it from the issuance
    let instrument = h.instrument;
    assert_eq!(instrument.fees(&mut h.p.chain).recipient, fsp);
    let script = (payment_to(&h, fsp), 0u32, 0u8);
    let paid = manager.process_custom_event(
        &mut h.p.chain,
        maker,
        id,
        None,
        Name::new("pay"),
        script,
        SpendingLimit::none(),
    );
    assert_eq!(paid, Ok(Err(ManagerError::NotParticipant)));
    assert_eq!(h.escrow.balance_of(&mut h.p.chain, fsp, h.usd.asset()), 0);
    let escrow = Escrow(manager.issuance(&mut h.p.chain, id).expect("exists").escrow);
    assert_eq!(
        escrow.balance_of(&mut h.p.chain, maker, h.usd.asset()),
        1_000
    );
}

#[test]
fn a_v1_blob_over_its_bound_is_refused_and_nothing_changes() {
    let mut h = Hostile::new(ManagerVersion::V1);
    let (manager, maker) = (h.manager, h.maker);
    let limit = SpendingLimit::of(h.usd.asset(), 1_000);
    let (bound, too_long) = (MAX_ISSUANCE_DATA_LEN, MAX_ISSUANCE_DATA_LEN + 1);
    let lock = h.lock(1_000);
    let created = manager.create_issuance(
        &mut h.p.chain,
        maker,
        (lock.clone(), too_long, 7u8),
        limit.clone(),
    );
    assert_eq!(created, Ok(Err(ManagerError::TooLarge)));
    assert_eq!(manager.issuance_count(&mut h.p.chain), 0);
    assert_eq!(h.maker_usd(), MAKER_FUNDS);

    let longest = vec![1u8; bound as usize];
    let id = manager
        .create_issuance(&mut h.p.chain, maker, (lock, bound, 1u8), limit)
        .expect("call")
        .expect("a blob at the bound is kept");
    let name = Name::new("blob");
    let stored: Result<Vec<u8>, _> = manager.custom_data(&mut h.p.chain, id, name);
    assert_eq!(stored, Ok(longest.clone()));
    let unchanged = Outcome::new(IssuanceState::Engageable, CompletionRatio::ZERO);
    let grown = manager.process_custom_event(
        &mut h.p.chain,
        maker,
        id,
        None,
        name,
        (unchanged, too_long, 7u8),
        SpendingLimit::none(),
    );
    assert_eq!(grown, Ok(Err(ManagerError::TooLarge)));
    let stored: Result<Vec<u8>, _> = manager.custom_data(&mut h.p.chain, id, name);
    assert_eq!(stored, Ok(longest), "the old blob stays");
    assert_eq!(h.maker_usd(), MAKER_FUNDS - 1_000);
}

#[test]
fn a_v2_storage_is_written_only_by_the_instrument_during_the_managers_call() {
    let mut h = Hostile::new(ManagerVersion::V2);
    let (manager, maker, fsp, instrument) = (h.manager, h.maker, h.fsp, h.instrument);
    let lock = h.lock(1_000);
    let id = manager
        .create_issuance(
            &mut h.p.chain,
            maker,
            lock,
            SpendingLimit::of(h.usd.asset(), 1_000),
        )
        .expect("call")
        .expect("created");
    let record = manager.issuance(&mut h.p.chain, id).expect("exists");
    let storage = Storage(record.data_contract.expect("v2 issuances have a storage"));
    assert_eq!(
        storage.get(&mut h.p.chain, TOUCHED),
        Some(vec![1]),
        "the instrument wrote during the call"
    );
    assert_eq!(
        storage.writer(&mut h.p.chain),
        None,
        "revoked after the call"
    );
    // the instrument, called outside a manager call, cannot write
    let outside = write_outside(&mut h.p.chain, instrument, fsp, storage.0);
    assert_eq!(outside, Ok(Err(StorageError::NotWriter)));
    // nor can a stranger, the maker or the FSP directly
    let stranger = h.p.chain.account("stranger");
    for who in [stranger, maker, fsp] {
        let set = storage.set(&mut h.p.chain, who, TOUCHED, vec![9]);
        assert_eq!(set, Ok(Err(StorageError::NotWriter)));
    }
    assert_eq!(storage.get(&mut h.p.chain, TOUCHED), Some(vec![1]));
    // a refused Outcome reverts what the instrument wrote in that call
    let mut bad = Outcome::new(IssuanceState::Initiated, CompletionRatio::ZERO);
    bad.transfers.clear();
    let refused = manager.process_custom_event(
        &mut h.p.chain,
        maker,
        id,
        None,
        TOUCHED,
        bad,
        SpendingLimit::none(),
    );
    assert_eq!(
        refused,
        Ok(Err(ManagerError::InvalidIssuanceTransition {
            from: IssuanceState::Engageable,
            to: IssuanceState::Initiated
        }))
    );
    assert_eq!(storage.writer(&mut h.p.chain), None);
}

/// A script for the hostile instrument on `version` (v1: with an empty blob; v2, v3: the
/// Outcome alone).
struct Script(ManagerVersion, Outcome);

impl Encode for Script {
    fn encode_to<T: ink::scale::Output + ?Sized>(&self, dest: &mut T) {
        match self.0 {
            ManagerVersion::V1 => (&self.1, 0u32, 0u8).encode_to(dest),
            _ => self.1.encode_to(dest),
        }
    }
}

fn forbidden_outcomes_are_refused_and_move_nothing(version: ManagerVersion) {
    let mut h = Hostile::new(version);
    let (manager, maker) = (h.manager, h.maker);
    let taker = h.p.chain.account("taker");
    let usd = h.usd.asset();
    let escrow = h.escrow;
    fund(&mut h.p.chain, escrow, taker, h.usd, 5_000);
    let id = h.create_locked(version, 1_000);
    let mut engaged = Outcome::new(
        IssuanceState::Engageable,
        CompletionRatio::new(5_000).unwrap(),
    );
    engaged.engagements = vec![EngagementUpdate {
        engagement_id: 1,
        state: EngagementState::Active,
    }];
    let engage = Script(version, engaged);
    let chain = &mut h.p.chain;
    let limit = SpendingLimit::none();
    assert_eq!(
        manager.engage_issuance(chain, taker, id, engage, limit),
        Ok(Ok(1))
    );

    let state = |s, ratio| Outcome::new(s, CompletionRatio::new(ratio).unwrap());
    let with_transfers = |transfers: Vec<Transfer>| {
        let mut outcome = state(IssuanceState::Engageable, 5_000);
        outcome.transfers = transfers;
        outcome
    };
    let inbound = |from, amount| Transfer::new(TransferKind::Inbound, from, from, usd, amount);
    let outbound = |to| Transfer::new(TransferKind::Outbound, maker, to, usd, 10);
    let stranger = h.p.chain.account("stranger");
    let mut over_10000 = state(IssuanceState::Engageable, 5_000);
    over_10000.completion_ratio = Decode::decode(&mut &10_001u16.encode()[..]).unwrap();
    let mut schedules = state(IssuanceState::Engageable, 5_000);
    schedules.schedule = (0..=MAX_SCHEDULE_CHANGES)
        .map(|i| ScheduledEvent {
            key: ScheduleKey {
                engagement_id: None,
                name: Name::new("tick"),
            },
            due: u64::from(i),
            payload: vec![],
        })
        .collect();
    let complete = IssuanceState::Complete;
    let cases: Vec<(&str, Outcome, ManagerError)> = vec![
        (
            "cancel with an engagement",
            state(IssuanceState::Cancelled, 5_000),
            ManagerError::InvalidIssuanceTransition {
                from: IssuanceState::Engageable,
                to: IssuanceState::Cancelled,
            },
        ),
        (
            "back to Initiated",
            state(IssuanceState::Initiated, 5_000),
            ManagerError::InvalidIssuanceTransition {
                from: IssuanceState::Engageable,
                to: IssuanceState::Initiated,
            },
        ),
        (
            "ratio going down",
            state(IssuanceState::Engageable, 4_999),
            ManagerError::InvalidCompletionRatio,
        ),
        (
            "ratio over 10000",
            over_10000,
            ManagerError::InvalidCompletionRatio,
        ),
        (
            "more transfers than the bound",
            with_transfers(vec![outbound(maker); MAX_TRANSFERS as usize + 1]),
            ManagerError::TooLarge,
        ),
        (
            "more schedules than the bound",
            schedules,
            ManagerError::TooLarge,
        ),
        (
            "paying a stranger",
            with_transfers(vec![outbound(stranger)]),
            ManagerError::NotParticipant,
        ),
        (
            "taking from a taker who did not call",
            with_transfers(vec![inbound(taker, 10)]),
            ManagerError::TransferNotAuthorized,
        ),
        (
            "taking from the caller beyond its limit",
            with_transfers(vec![inbound(maker, 10)]),
            ManagerError::SpendingLimitExceeded,
        ),
        (
            "a zero transfer",
            with_transfers(vec![inbound(maker, 0)]),
            ManagerError::ZeroTransfer,
        ),
    ];
    let record = manager.issuance(&mut h.p.chain, id);
    for (what, outcome, error) in cases {
        let script = Script(version, outcome);
        let chain = &mut h.p.chain;
        let reply = manager.process_custom_event(
            chain,
            maker,
            id,
            None,
            Name::new("x"),
            script,
            SpendingLimit::none(),
        );
        assert_eq!(reply, Ok(Err(error)), "{what}");
        assert_eq!(
            manager.issuance(chain, id),
            record,
            "{what}: the issuance is unchanged"
        );
        assert_eq!(
            escrow.balance_of(chain, maker, usd),
            MAKER_FUNDS - 1_000,
            "{what}"
        );
        assert_eq!(escrow.balance_of(chain, taker, usd), 5_000, "{what}");
    }
    // Complete is final
    let done = Script(version, state(complete, 10_000));
    let chain = &mut h.p.chain;
    let name = Name::new("x");
    assert_eq!(
        manager.process_custom_event(chain, maker, id, None, name, done, SpendingLimit::none()),
        Ok(Ok(()))
    );
    let reopen = Script(version, state(IssuanceState::Engageable, 10_000));
    assert_eq!(
        manager.process_custom_event(chain, maker, id, None, name, reopen, SpendingLimit::none()),
        Ok(Err(ManagerError::InvalidIssuanceTransition {
            from: complete,
            to: IssuanceState::Engageable
        }))
    );
}

#[test]
fn an_instrument_cannot_reenter_raid_an_escrow_trap_or_answer_garbage_to_any_effect() {
    let mut h = Hostile::new(ManagerVersion::V1);
    let (manager, maker, usd) = (h.manager, h.maker, h.usd.asset());
    let lock = Script(ManagerVersion::V1, h.lock(1_000));
    let id = manager
        .create_issuance(&mut h.p.chain, maker, lock, SpendingLimit::of(usd, 1_000))
        .expect("call")
        .expect("created");
    let issuance_escrow = Escrow(manager.issuance(&mut h.p.chain, id).expect("exists").escrow);
    let record = manager.issuance(&mut h.p.chain, id);
    // the raid script names the maker's locked USD, paid out to the maker
    let mut raid = Outcome::new(IssuanceState::Engageable, CompletionRatio::ZERO);
    raid.transfers = vec![Transfer::new(
        TransferKind::Outbound,
        maker,
        maker,
        usd,
        1_000,
    )];
    let unchanged = Outcome::new(IssuanceState::Engageable, CompletionRatio::ZERO);
    for (attempt, script, expected) in [
        // pallet-contracts denies reentry by trapping the caller: the instrument's whole call fails
        (
            "reenter",
            unchanged.clone(),
            ManagerError::InstrumentCallFailed,
        ),
        (
            "raid",
            raid,
            ManagerError::Instrument(traits::InstrumentError::NotAllowed),
        ),
        (
            "trap",
            unchanged.clone(),
            ManagerError::InstrumentCallFailed,
        ),
        ("garbage", unchanged, ManagerError::InstrumentCallFailed),
    ] {
        let script = Script(ManagerVersion::V1, script);
        let chain = &mut h.p.chain;
        let name = Name::new(attempt);
        let reply = manager.process_custom_event(
            chain,
            maker,
            id,
            None,
            name,
            script,
            SpendingLimit::none(),
        );
        assert_eq!(reply, Ok(Err(expected)), "{attempt}");
        assert_eq!(manager.issuance(chain, id), record, "{attempt}");
        assert_eq!(
            manager.issuance_count(chain),
            1,
            "{attempt}: no issuance created"
        );
        assert_eq!(
            issuance_escrow.balance_of(chain, maker, usd),
            1_000,
            "{attempt}"
        );
        assert_eq!(
            h.escrow.balance_of(chain, maker, usd),
            MAKER_FUNDS - 1_000,
            "{attempt}"
        );
    }
}

/// An instrument that spins until its gas runs out gets a typed `InstrumentCallFailed`: the
/// manager keeps `UNTRUSTED_CALL_RESERVE` to return it. A reply longer than the manager's 16 KiB
/// buffer traps the manager's call (documented in `traits::calls::invoke_untrusted`). Either
/// way nothing changes.
fn a_spinning_or_oversized_instrument_fails_the_call_and_moves_nothing(version: ManagerVersion) {
    let mut h = Hostile::new(version);
    let (manager, maker, usd) = (h.manager, h.maker, h.usd.asset());
    let id = h.create_locked(version, 1_000);
    let record = manager.issuance(&mut h.p.chain, id);
    let issuance_escrow = Escrow(record.expect("exists").escrow);
    let unchanged = Outcome::new(IssuanceState::Engageable, CompletionRatio::ZERO);
    for attempt in ["spin", "oversized"] {
        let chain = &mut h.p.chain;
        let reply = manager.process_custom_event(
            chain,
            maker,
            id,
            None,
            Name::new(attempt),
            Script(version, unchanged.clone()),
            SpendingLimit::none(),
        );
        match attempt {
            "spin" => assert_eq!(reply, Ok(Err(ManagerError::InstrumentCallFailed))),
            _ => assert!(
                matches!(&reply, Err(client::chain::CallError::Dispatch(why)) if why.contains("OutputBufferTooSmall")),
                "{attempt}: {reply:?}"
            ),
        }
        assert_eq!(manager.issuance(chain, id), record, "{attempt}");
        assert_eq!(
            issuance_escrow.balance_of(chain, maker, usd),
            1_000,
            "{attempt}"
        );
        assert_eq!(
            h.escrow.balance_of(chain, maker, usd),
            MAKER_FUNDS - 1_000,
            "{attempt}"
        );
    }
}

/// An issuance's schedules stay bounded across calls (docs/SPEC.md §7): at most
/// `MAX_PENDING_SCHEDULES` pending for the issuance itself (and per engagement). One more is
/// refused (`TooLarge`) and changes nothing; moving a pending one, or firing or cancelling one,
/// makes no new entry.
fn an_issuances_pending_schedules_are_bounded_across_calls(version: ManagerVersion) {
    let mut h = Hostile::new(version);
    let (manager, maker) = (h.manager, h.maker);
    let id = h.create_locked(version, 1_000);
    let key = |n: u32| ScheduleKey {
        engagement_id: None,
        name: Name::new(&format!("event {n}")),
    };
    let scheduling = |n: u32| {
        let mut outcome = Outcome::new(IssuanceState::Engageable, CompletionRatio::ZERO);
        outcome.schedule = vec![ScheduledEvent {
            key: key(n),
            due: GENESIS_TIME + DAY_MS * u64::from(n + 1),
            payload: Vec::new(),
        }];
        Script(version, outcome)
    };
    let chain = &mut h.p.chain;
    let call = |chain: &mut client::Chain, script: Script| {
        let (name, none) = (Name::new("x"), SpendingLimit::none());
        manager.process_custom_event(chain, maker, id, None, name, script, none)
    };
    for n in 0..MAX_PENDING_SCHEDULES {
        assert_eq!(call(chain, scheduling(n)), Ok(Ok(())), "event {n}");
    }
    assert_eq!(
        call(chain, scheduling(0)),
        Ok(Ok(())),
        "moving one is no new entry"
    );
    let bound = MAX_PENDING_SCHEDULES;
    assert_eq!(
        call(chain, scheduling(bound)),
        Ok(Err(ManagerError::TooLarge))
    );
    assert_eq!(
        manager.scheduled_event(chain, id, None, key(bound).name),
        None
    );
    // cancelling one frees its place
    let mut cancel = Outcome::new(IssuanceState::Engageable, CompletionRatio::ZERO);
    cancel.unschedule = vec![key(1)];
    assert_eq!(call(chain, Script(version, cancel)), Ok(Ok(())));
    assert_eq!(call(chain, scheduling(bound)), Ok(Ok(())));
    assert_eq!(
        manager.scheduled_event(chain, id, None, key(bound).name),
        Some(GENESIS_TIME + DAY_MS * u64::from(bound + 1))
    );
    assert_eq!(
        call(chain, scheduling(bound + 1)),
        Ok(Err(ManagerError::TooLarge))
    );
}

/// An issuance closes only once nothing is left in it: refused while not final, while a
/// scheduled event is pending, and while its escrow holds anything, and nothing changes; then it
/// closes. A v3 instance (FSP code) that refuses to close keeps its own deposit but cannot keep
/// the maker's escrow and records open.
fn an_issuance_closes_only_once_nothing_is_left_in_it(version: ManagerVersion) {
    let mut h = Hostile::new(version);
    let (manager, maker, usd) = (h.manager, h.maker, h.usd.asset());
    let id = h.create_locked(version, 1_000);
    let escrow = manager
        .issuance(&mut h.p.chain, id)
        .expect("created")
        .escrow;
    let event = ScheduleKey {
        engagement_id: None,
        name: Name::new("later"),
    };
    let complete = |schedule: bool, release: bool| {
        let mut outcome = Outcome::new(IssuanceState::Complete, CompletionRatio::FULL);
        if schedule {
            outcome.schedule = vec![ScheduledEvent {
                key: event,
                due: GENESIS_TIME + DAY_MS,
                payload: Vec::new(),
            }];
        } else {
            outcome.unschedule = vec![event];
        }
        if release {
            outcome.transfers = vec![Transfer::new(
                TransferKind::Outbound,
                maker,
                maker,
                usd,
                1_000,
            )];
        }
        Script(version, outcome)
    };
    let chain = &mut h.p.chain;
    let send = |chain: &mut client::Chain, script: Script| {
        let (name, none) = (Name::new("x"), SpendingLimit::none());
        manager.process_custom_event(chain, maker, id, None, name, script, none)
    };
    let close = |chain: &mut client::Chain| manager.close_issuance(chain, maker, id);
    assert_eq!(close(chain), Ok(Err(ManagerError::NotFinal)));
    assert_eq!(send(chain, complete(true, false)), Ok(Ok(())));
    assert_eq!(close(chain), Ok(Err(ManagerError::SchedulesPending)));
    assert_eq!(send(chain, complete(false, false)), Ok(Ok(())));
    assert_eq!(
        close(chain),
        Ok(Err(ManagerError::Escrow(EscrowError::NotEmpty)))
    );
    assert!(chain.is_contract(escrow));
    assert!(manager.issuance(chain, id).is_some());

    assert_eq!(send(chain, complete(false, true)), Ok(Ok(())));
    assert_eq!(close(chain), Ok(Ok(())));
    assert!(!chain.is_contract(escrow));
    assert_eq!(
        chain.events_of::<IssuanceClosed>(),
        vec![IssuanceClosed {
            issuance_id: id,
            maker,
            data_closed: version != ManagerVersion::V3,
        }]
    );
    assert_eq!(h.maker_usd(), MAKER_FUNDS);
}

#[test]
fn forbidden_outcomes_are_refused_on_v1() {
    forbidden_outcomes_are_refused_and_move_nothing(ManagerVersion::V1);
}

#[test]
fn forbidden_outcomes_are_refused_on_v2() {
    forbidden_outcomes_are_refused_and_move_nothing(ManagerVersion::V2);
}

#[test]
fn forbidden_outcomes_are_refused_on_v3() {
    forbidden_outcomes_are_refused_and_move_nothing(ManagerVersion::V3);
}

on_every_version!(
    a_spinning_or_oversized_instrument_fails_the_call_and_moves_nothing,
    an_issuances_pending_schedules_are_bounded_across_calls,
    an_issuance_closes_only_once_nothing_is_left_in_it,
    spending_limits_bound_what_leaves_the_callers_account,
    the_taker_fee_is_the_one_in_force_when_the_issuance_was_made,
    renewals_stop_at_the_due_time_and_at_the_total_cap,
);
