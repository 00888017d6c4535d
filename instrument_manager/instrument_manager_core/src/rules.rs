//! The rules every Outcome must pass before the manager executes any of it (docs/SPEC.md §5, §6,
//! §9), as a pure function: whatever an instrument returns, nothing outside these rules happens.

use ink::prelude::vec::Vec;
use traits::{
    AccountId, Asset, Balance, EngagementId, EngagementState, Fee, IssuanceRecord, IssuanceState,
    ManagerError, Outcome, SpendingLimit, TransferKind, MAX_ENGAGEMENT_UPDATES, MAX_PAYLOAD_LEN,
    MAX_SCHEDULE_CHANGES, MAX_TRANSFERS,
};

/// What the rules need to know besides the Outcome.
pub struct Facts<'a> {
    /// The issuance as recorded before the call (at `engage`, already counting the new
    /// engagement).
    pub before: &'a IssuanceRecord,
    /// The account that called the manager.
    pub caller: AccountId,
    /// The state of an engagement of this issuance before the call, `None` if it does not exist.
    pub engagement_state: &'a dyn Fn(EngagementId) -> Option<EngagementState>,
    /// Whether an account is a participant: the issuance's maker or one of its takers.
    pub is_participant: &'a dyn Fn(AccountId) -> bool,
    /// What the caller allows to leave its instrument-escrow account in this call.
    pub limit: &'a SpendingLimit,
    /// The fee the caller already paid in this call (it counts against the limit).
    pub fee: Option<Fee>,
}

/// Values looked up once per key however often they are asked for, and what the caller wrote
/// since: the manager reads each engagement and each participant from storage at most once per
/// message, since every storage read is paid for (on substrate-contracts-node about 10 KB of
/// proof each: BENCHMARKS.md, "Where the proof goes on the node"). At most one entry per key an
/// Outcome names, so it stays as bounded as the Outcome.
pub struct Memo<K, V> {
    seen: core::cell::RefCell<Vec<(K, V)>>,
}

impl<K: PartialEq + Copy, V: Clone> Default for Memo<K, V> {
    fn default() -> Self {
        Self {
            seen: core::cell::RefCell::new(Vec::new()),
        }
    }
}

impl<K: PartialEq + Copy, V: Clone> Memo<K, V> {
    /// The value of `key`: remembered, or `lookup(key)` the first time.
    pub fn get(&self, key: K, lookup: impl FnOnce(K) -> V) -> V {
        if let Some((_, value)) = self.seen.borrow().iter().find(|(k, _)| *k == key) {
            return value.clone();
        }
        let value = lookup(key);
        self.set(key, value.clone());
        value
    }

    /// Records `value` as what `key` holds now (already read, or just written).
    pub fn set(&self, key: K, value: V) {
        let mut seen = self.seen.borrow_mut();
        match seen.iter_mut().find(|(k, _)| *k == key) {
            Some(entry) => entry.1 = value,
            None => seen.push((key, value)),
        }
    }
}

fn ensure(condition: bool, error: ManagerError) -> Result<(), ManagerError> {
    if condition {
        Ok(())
    } else {
        Err(error)
    }
}

fn fits(len: usize, max: u32) -> bool {
    u32::try_from(len).is_ok_and(|len| len <= max)
}

/// Checks `outcome` against the lifecycle, asset and bound rules.
pub fn check_outcome(outcome: &Outcome, facts: &Facts) -> Result<(), ManagerError> {
    let before = facts.before;
    ensure(
        fits(outcome.transfers.len(), MAX_TRANSFERS)
            && fits(outcome.engagements.len(), MAX_ENGAGEMENT_UPDATES)
            && fits(outcome.schedule.len(), MAX_SCHEDULE_CHANGES)
            && fits(outcome.unschedule.len(), MAX_SCHEDULE_CHANGES)
            && outcome
                .schedule
                .iter()
                .all(|event| fits(event.payload.len(), MAX_PAYLOAD_LEN)),
        ManagerError::TooLarge,
    )?;

    let to = outcome.issuance_state;
    let cancelling_engaged =
        to == IssuanceState::Cancelled && before.state != to && before.engagement_count > 0;
    ensure(
        before.state.can_become(to) && !cancelling_engaged,
        ManagerError::InvalidIssuanceTransition {
            from: before.state,
            to,
        },
    )?;
    ensure(
        outcome.completion_ratio.is_valid() && outcome.completion_ratio >= before.completion_ratio,
        ManagerError::InvalidCompletionRatio,
    )?;

    for (index, update) in outcome.engagements.iter().enumerate() {
        // An earlier update of the same engagement in this Outcome is its state "before".
        let earlier = outcome.engagements[..index]
            .iter()
            .rev()
            .find(|u| u.engagement_id == update.engagement_id);
        let from = match earlier {
            Some(earlier) => earlier.state,
            None => (facts.engagement_state)(update.engagement_id)
                .ok_or(ManagerError::EngagementNotFound)?,
        };
        ensure(
            from.can_become(update.state),
            ManagerError::InvalidEngagementTransition {
                from,
                to: update.state,
            },
        )?;
    }

    for transfer in &outcome.transfers {
        ensure(transfer.amount > 0, ManagerError::ZeroTransfer)?;
        ensure(
            (facts.is_participant)(transfer.from) && (facts.is_participant)(transfer.to),
            ManagerError::NotParticipant,
        )?;
        let leaves_instrument_escrow = matches!(
            transfer.kind,
            TransferKind::Inbound | TransferKind::IntraInstrument
        );
        ensure(
            !leaves_instrument_escrow || transfer.from == facts.caller,
            ManagerError::TransferNotAuthorized,
        )?;
    }

    check_spending(outcome, facts)?;

    let keys = outcome
        .schedule
        .iter()
        .map(|event| &event.key)
        .chain(outcome.unschedule.iter());
    for key in keys {
        if let Some(id) = key.engagement_id {
            ensure(
                (facts.engagement_state)(id).is_some(),
                ManagerError::EngagementNotFound,
            )?;
        }
    }
    Ok(())
}

/// What leaves the caller's instrument-escrow account (its fee, its Inbound and IntraInstrument
/// transfers) stays within its limit, asset by asset.
pub fn check_spending(outcome: &Outcome, facts: &Facts) -> Result<(), ManagerError> {
    ensure(
        facts.limit.is_well_formed(),
        ManagerError::InvalidSpendingLimit,
    )?;
    let leaving = outcome
        .transfers
        .iter()
        .filter(|t| {
            t.from == facts.caller
                && matches!(
                    t.kind,
                    TransferKind::Inbound | TransferKind::IntraInstrument
                )
        })
        .map(|t| (t.asset, t.amount))
        .chain(facts.fee.map(|fee| (fee.asset, fee.amount)));
    // Bounded: at most MAX_TRANSFERS + 1 entries.
    let mut totals: Vec<(Asset, Balance)> = Vec::new();
    for (asset, amount) in leaving {
        match totals.iter_mut().find(|(named, _)| *named == asset) {
            Some((_, total)) => {
                *total = total
                    .checked_add(amount)
                    .ok_or(ManagerError::SpendingLimitExceeded)?
            }
            None => totals.push((asset, amount)),
        }
    }
    for (asset, total) in totals {
        ensure(
            total <= facts.limit.allowed(asset),
            ManagerError::SpendingLimitExceeded,
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use ink::scale::{Decode, Encode};
    use traits::{CompletionRatio, EngagementUpdate, Name, ScheduleKey, ScheduledEvent, Transfer};

    fn account(byte: u8) -> AccountId {
        AccountId::from([byte; 32])
    }

    const MAKER: u8 = 1;
    const TAKER: u8 = 2;
    const STRANGER: u8 = 9;

    fn record(state: IssuanceState, engagements: u64) -> IssuanceRecord {
        IssuanceRecord {
            maker: account(MAKER),
            state,
            completion_ratio: CompletionRatio::ZERO,
            created_at: 0,
            escrow: account(50),
            engagement_count: engagements,
            data_contract: None,
            pending_schedules: 0,
        }
    }

    fn check(outcome: &Outcome, before: &IssuanceRecord, caller: u8) -> Result<(), ManagerError> {
        let limit = SpendingLimit::of(Asset::Native, Balance::MAX);
        check_limited(outcome, before, caller, &limit, None)
    }

    fn check_limited(
        outcome: &Outcome,
        before: &IssuanceRecord,
        caller: u8,
        limit: &SpendingLimit,
        fee: Option<Fee>,
    ) -> Result<(), ManagerError> {
        let engagement_state = |id: EngagementId| {
            (id == 1 && before.engagement_count >= 1).then_some(EngagementState::Active)
        };
        let is_participant = |a: AccountId| a == account(MAKER) || a == account(TAKER);
        check_outcome(
            outcome,
            &Facts {
                before,
                caller: account(caller),
                engagement_state: &engagement_state,
                is_participant: &is_participant,
                limit,
                fee,
            },
        )
    }

    #[test]
    fn a_memo_looks_each_key_up_once_and_keeps_what_is_written() {
        let lookups = core::cell::Cell::new(0);
        let lookup = |id: EngagementId| {
            lookups.set(lookups.get() + 1);
            (id == 1).then_some(EngagementState::Active)
        };
        let memo = Memo::default();
        memo.set(2, Some(EngagementState::Initiated));
        assert_eq!(memo.get(1, lookup), Some(EngagementState::Active));
        assert_eq!(memo.get(1, lookup), Some(EngagementState::Active));
        assert_eq!(memo.get(2, lookup), Some(EngagementState::Initiated));
        assert_eq!(memo.get(3, lookup), None);
        memo.set(1, Some(EngagementState::Complete));
        assert_eq!(memo.get(1, lookup), Some(EngagementState::Complete));
        assert_eq!(
            lookups.get(),
            2,
            "keys 1 and 3 looked up once each, 2 never"
        );
    }

    /// An Outcome that updates, schedules and unschedules on the same engagement, with two
    /// transfers between the same two accounts, asks the rules about each engagement and each
    /// account several times; through a `Memo`, as the manager passes them, storage is read once
    /// per engagement and once per account.
    #[test]
    fn the_rules_through_a_memo_read_each_fact_once() {
        let before = record(IssuanceState::Engageable, 1);
        let mut outcome = Outcome::new(IssuanceState::Engageable, CompletionRatio::ZERO);
        outcome.engagements.push(EngagementUpdate {
            engagement_id: 1,
            state: EngagementState::Complete,
        });
        let key = ScheduleKey {
            engagement_id: Some(1),
            name: Name::new("due"),
        };
        outcome.unschedule.push(key);
        outcome
            .transfers
            .push(transfer(TransferKind::IntraIssuance, TAKER, MAKER));
        outcome
            .transfers
            .push(transfer(TransferKind::IntraIssuance, TAKER, MAKER));
        let reads = core::cell::Cell::new(0);
        let (engagements, participants) = (Memo::default(), Memo::default());
        let engagement = |id: EngagementId| {
            reads.set(reads.get() + 1);
            (id == 1).then_some(EngagementState::Active)
        };
        let participant = |a: AccountId| {
            reads.set(reads.get() + 1);
            a == account(MAKER) || a == account(TAKER)
        };
        let limit = SpendingLimit::of(Asset::Native, Balance::MAX);
        let facts = Facts {
            before: &before,
            caller: account(TAKER),
            engagement_state: &|id| engagements.get(id, engagement),
            is_participant: &|a| participants.get(a, participant),
            limit: &limit,
            fee: None,
        };
        assert_eq!(check_outcome(&outcome, &facts), Ok(()));
        assert_eq!(
            reads.get(),
            3,
            "engagement 1, the taker and the maker, once each"
        );
    }

    fn transfer(kind: TransferKind, from: u8, to: u8) -> Transfer {
        Transfer::new(kind, account(from), account(to), Asset::Native, 10)
    }

    #[test]
    fn issuance_lifecycle_is_enforced() {
        let initiated = record(IssuanceState::Initiated, 0);
        assert_eq!(
            check(
                &Outcome::new(IssuanceState::Engageable, CompletionRatio::ZERO),
                &initiated,
                MAKER
            ),
            Ok(())
        );
        assert_eq!(
            check(
                &Outcome::new(IssuanceState::Complete, CompletionRatio::ZERO),
                &initiated,
                MAKER
            ),
            Err(ManagerError::InvalidIssuanceTransition {
                from: IssuanceState::Initiated,
                to: IssuanceState::Complete
            })
        );
        let complete = record(IssuanceState::Complete, 1);
        assert_eq!(
            check(
                &Outcome::new(IssuanceState::Engageable, CompletionRatio::ZERO),
                &complete,
                MAKER
            ),
            Err(ManagerError::InvalidIssuanceTransition {
                from: IssuanceState::Complete,
                to: IssuanceState::Engageable
            })
        );
    }

    #[test]
    fn an_engaged_issuance_cannot_be_cancelled() {
        let engaged = record(IssuanceState::Engageable, 1);
        assert_eq!(
            check(
                &Outcome::new(IssuanceState::Cancelled, CompletionRatio::ZERO),
                &engaged,
                MAKER
            ),
            Err(ManagerError::InvalidIssuanceTransition {
                from: IssuanceState::Engageable,
                to: IssuanceState::Cancelled
            })
        );
        let unengaged = record(IssuanceState::Engageable, 0);
        assert_eq!(
            check(
                &Outcome::new(IssuanceState::Cancelled, CompletionRatio::ZERO),
                &unengaged,
                MAKER
            ),
            Ok(())
        );
    }

    #[test]
    fn completion_ratio_never_decreases_nor_exceeds_10000() {
        let mut before = record(IssuanceState::Engageable, 0);
        before.completion_ratio = CompletionRatio::new(5_000).unwrap();
        let lower = Outcome::new(
            IssuanceState::Engageable,
            CompletionRatio::new(4_999).unwrap(),
        );
        assert_eq!(
            check(&lower, &before, MAKER),
            Err(ManagerError::InvalidCompletionRatio)
        );
        let mut above = Outcome::new(IssuanceState::Engageable, CompletionRatio::FULL);
        above.completion_ratio = CompletionRatio::decode(&mut &10_001u16.encode()[..]).unwrap();
        assert_eq!(
            check(&above, &before, MAKER),
            Err(ManagerError::InvalidCompletionRatio)
        );
    }

    #[test]
    fn engagement_lifecycle_is_enforced() {
        let before = record(IssuanceState::Complete, 1);
        let mut outcome = Outcome::new(IssuanceState::Complete, CompletionRatio::ZERO);
        outcome.engagements = vec![EngagementUpdate {
            engagement_id: 1,
            state: EngagementState::Cancelled,
        }];
        assert_eq!(
            check(&outcome, &before, TAKER),
            Err(ManagerError::InvalidEngagementTransition {
                from: EngagementState::Active,
                to: EngagementState::Cancelled
            })
        );
        outcome.engagements = vec![EngagementUpdate {
            engagement_id: 2,
            state: EngagementState::Complete,
        }];
        assert_eq!(
            check(&outcome, &before, TAKER),
            Err(ManagerError::EngagementNotFound)
        );
        outcome.engagements = vec![
            EngagementUpdate {
                engagement_id: 1,
                state: EngagementState::Complete,
            },
            EngagementUpdate {
                engagement_id: 1,
                state: EngagementState::Active,
            },
        ];
        assert_eq!(
            check(&outcome, &before, TAKER),
            Err(ManagerError::InvalidEngagementTransition {
                from: EngagementState::Complete,
                to: EngagementState::Active
            })
        );
    }

    #[test]
    fn assets_leave_an_instrument_escrow_account_only_when_its_owner_calls() {
        let before = record(IssuanceState::Complete, 1);
        for kind in [TransferKind::Inbound, TransferKind::IntraInstrument] {
            let mut outcome = Outcome::new(IssuanceState::Complete, CompletionRatio::ZERO);
            outcome.transfers = vec![transfer(kind, TAKER, MAKER)];
            assert_eq!(
                check(&outcome, &before, MAKER),
                Err(ManagerError::TransferNotAuthorized),
                "{kind:?}"
            );
            assert_eq!(check(&outcome, &before, TAKER), Ok(()), "{kind:?}");
        }
        // issuance-escrow assets may move on anyone's call (e.g. the keeper's), between participants
        for kind in [TransferKind::Outbound, TransferKind::IntraIssuance] {
            let mut outcome = Outcome::new(IssuanceState::Complete, CompletionRatio::ZERO);
            outcome.transfers = vec![transfer(kind, TAKER, MAKER)];
            assert_eq!(check(&outcome, &before, STRANGER), Ok(()), "{kind:?}");
        }
    }

    #[test]
    fn only_participants_send_or_receive() {
        let before = record(IssuanceState::Complete, 1);
        let mut outcome = Outcome::new(IssuanceState::Complete, CompletionRatio::ZERO);
        outcome.transfers = vec![transfer(TransferKind::Outbound, TAKER, STRANGER)];
        assert_eq!(
            check(&outcome, &before, TAKER),
            Err(ManagerError::NotParticipant)
        );
        outcome.transfers = vec![transfer(TransferKind::Inbound, STRANGER, MAKER)];
        assert_eq!(
            check(&outcome, &before, STRANGER),
            Err(ManagerError::NotParticipant)
        );
        outcome.transfers = vec![Transfer::new(
            TransferKind::Outbound,
            account(TAKER),
            account(MAKER),
            Asset::Native,
            0,
        )];
        assert_eq!(
            check(&outcome, &before, TAKER),
            Err(ManagerError::ZeroTransfer)
        );
    }

    #[test]
    fn lists_are_bounded() {
        let before = record(IssuanceState::Complete, 1);
        let mut outcome = Outcome::new(IssuanceState::Complete, CompletionRatio::ZERO);
        outcome.transfers =
            vec![transfer(TransferKind::Outbound, TAKER, MAKER); MAX_TRANSFERS as usize + 1];
        assert_eq!(check(&outcome, &before, TAKER), Err(ManagerError::TooLarge));
        let mut outcome = Outcome::new(IssuanceState::Complete, CompletionRatio::ZERO);
        outcome.schedule = vec![ScheduledEvent {
            key: ScheduleKey {
                engagement_id: None,
                name: Name::new("x"),
            },
            due: 0,
            payload: vec![0; MAX_PAYLOAD_LEN as usize + 1],
        }];
        assert_eq!(check(&outcome, &before, TAKER), Err(ManagerError::TooLarge));
    }

    #[test]
    fn schedules_name_existing_engagements_only() {
        let before = record(IssuanceState::Complete, 1);
        let mut outcome = Outcome::new(IssuanceState::Complete, CompletionRatio::ZERO);
        outcome.unschedule = vec![ScheduleKey {
            engagement_id: Some(7),
            name: Name::new("x"),
        }];
        assert_eq!(
            check(&outcome, &before, TAKER),
            Err(ManagerError::EngagementNotFound)
        );
        outcome.unschedule = vec![ScheduleKey {
            engagement_id: Some(1),
            name: Name::new("x"),
        }];
        assert_eq!(check(&outcome, &before, TAKER), Ok(()));
    }

    #[test]
    fn what_leaves_the_callers_account_stays_within_its_limit_fees_included() {
        let before = record(IssuanceState::Engageable, 1);
        let token = Asset::Token(account(77));
        let mut outcome = Outcome::new(IssuanceState::Engageable, CompletionRatio::ZERO);
        outcome.transfers = vec![
            Transfer::new(
                TransferKind::Inbound,
                account(TAKER),
                account(TAKER),
                token,
                60,
            ),
            Transfer::new(
                TransferKind::IntraInstrument,
                account(TAKER),
                account(MAKER),
                token,
                40,
            ),
            // issuance-escrow assets are not the caller's instrument-escrow account
            Transfer::new(
                TransferKind::Outbound,
                account(MAKER),
                account(TAKER),
                token,
                1_000,
            ),
        ];
        let fee = Some(Fee {
            asset: token,
            amount: 5,
        });
        let exact = SpendingLimit::of(token, 105);
        assert_eq!(check_limited(&outcome, &before, TAKER, &exact, fee), Ok(()));
        let short = SpendingLimit::of(token, 104);
        assert_eq!(
            check_limited(&outcome, &before, TAKER, &short, fee),
            Err(ManagerError::SpendingLimitExceeded),
            "the fee counts"
        );
        assert_eq!(
            check_limited(
                &outcome,
                &before,
                TAKER,
                &SpendingLimit::of(token, 100),
                None
            ),
            Ok(())
        );
        assert_eq!(
            check_limited(
                &outcome,
                &before,
                TAKER,
                &SpendingLimit::of(Asset::Native, u128::MAX),
                None
            ),
            Err(ManagerError::SpendingLimitExceeded),
            "an asset the limit does not name may not leave"
        );
        let only_fee = Outcome::new(IssuanceState::Engageable, CompletionRatio::ZERO);
        assert_eq!(
            check_limited(&only_fee, &before, TAKER, &SpendingLimit::none(), fee),
            Err(ManagerError::SpendingLimitExceeded),
            "a fee alone is spending too"
        );
        let twice = SpendingLimit::of(token, 1).and(token, 1_000);
        assert_eq!(
            check_limited(&only_fee, &before, TAKER, &twice, None),
            Err(ManagerError::InvalidSpendingLimit)
        );
    }
}
