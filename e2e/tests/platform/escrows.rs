//! The asset layer: instrument escrow and issuance escrow, with native currency and PSP22 tokens.
//! Every step is followed by the invariant "sum of account balances == assets held".

use client::{
    clients::{Escrow, Token},
    contracts::{INSTRUMENT_ESCROW, ISSUANCE_ESCROW},
    CallError, Chain,
};
use traits::{
    events::{Deposited, Moved, Withdrawn},
    AccountId, Asset, Balance, EscrowError, PSP22Error,
};

const NATIVE: Asset = Asset::Native;

/// Two escrows owned by `manager` (an account standing in for the manager contract), a token,
/// and three funded users.
struct World {
    chain: Chain,
    manager: AccountId,
    alice: AccountId,
    bob: AccountId,
    carol: AccountId,
    token: Token,
    instrument_escrow: Escrow,
    issuance_escrow: Escrow,
    /// Native balance each escrow had right after instantiation (its existential deposit).
    native_baseline: [Balance; 2],
}

impl World {
    fn new() -> Self {
        let mut chain = Chain::new();
        let manager = chain.account("manager");
        let (alice, bob, carol) = (
            chain.account("alice"),
            chain.account("bob"),
            chain.account("carol"),
        );
        let token = Token::deploy_test_token(&mut chain, manager, 0, b"token");
        for user in [alice, bob, carol] {
            token.mint_to(&mut chain, user, 1_000_000);
        }
        let instrument_escrow =
            Escrow::deploy(&mut chain, INSTRUMENT_ESCROW, manager, b"instrument");
        let issuance_escrow = Escrow::deploy(&mut chain, ISSUANCE_ESCROW, manager, b"issuance");
        let native_baseline = [
            chain.native_balance(instrument_escrow.0),
            chain.native_balance(issuance_escrow.0),
        ];
        let mut world = World {
            chain,
            manager,
            alice,
            bob,
            carol,
            token,
            instrument_escrow,
            issuance_escrow,
            native_baseline,
        };
        world.check_invariant();
        world
    }

    /// For each escrow and asset: the accounts' balances add up to the escrow's total, and the
    /// escrow holds exactly that much of the asset.
    fn check_invariant(&mut self) {
        let chain = &mut self.chain;
        for (index, escrow) in [self.instrument_escrow, self.issuance_escrow]
            .into_iter()
            .enumerate()
        {
            for asset in [NATIVE, self.token.asset()] {
                let sum: Balance = [self.manager, self.alice, self.bob, self.carol]
                    .into_iter()
                    .map(|account| escrow.balance_of(chain, account, asset))
                    .sum();
                let total = escrow.total_held(chain, asset);
                assert_eq!(
                    sum, total,
                    "accounts' balances of {asset:?} add up to the escrow's total"
                );
                let held = match asset {
                    Asset::Native => chain.native_balance(escrow.0) - self.native_baseline[index],
                    Asset::Token(_) => self.token.balance_of(chain, escrow.0),
                };
                assert_eq!(
                    held, total,
                    "the escrow holds exactly its total of {asset:?}"
                );
            }
        }
    }

    fn approve_and_deposit(&mut self, user: AccountId, amount: Balance) {
        let escrow = self.instrument_escrow.0;
        assert_eq!(
            self.token.approve(&mut self.chain, user, escrow, amount),
            Ok(Ok(()))
        );
        let asset = self.token.asset();
        assert_eq!(
            self.instrument_escrow
                .deposit(&mut self.chain, user, asset, amount, 0),
            Ok(Ok(()))
        );
        self.check_invariant();
    }
}

// --- users' own deposits and withdrawals -------------------------------------------------------

#[test]
fn several_users_deposit_and_withdraw_native_currency() {
    let mut w = World::new();
    let escrow = w.instrument_escrow;
    let alice_before = w.chain.native_balance(w.alice);

    // when alice deposits 1000 and bob 500 of native currency
    assert_eq!(
        escrow.deposit(&mut w.chain, w.alice, NATIVE, 1_000, 1_000),
        Ok(Ok(()))
    );
    let alice_deposit_fee = w.chain.last_cost().storage_deposit;
    assert_eq!(
        w.chain.events_of::<Deposited>(),
        vec![Deposited {
            account: w.alice,
            asset: NATIVE,
            amount: 1_000,
            by: w.alice
        }]
    );
    w.check_invariant();
    assert_eq!(
        escrow.deposit(&mut w.chain, w.bob, NATIVE, 500, 500),
        Ok(Ok(()))
    );
    w.check_invariant();

    // then each has their own balance, and the escrow holds both
    assert_eq!(escrow.balance_of(&mut w.chain, w.alice, NATIVE), 1_000);
    assert_eq!(escrow.balance_of(&mut w.chain, w.bob, NATIVE), 500);
    assert_eq!(escrow.total_held(&mut w.chain, NATIVE), 1_500);

    // when alice withdraws 300
    assert_eq!(
        escrow.withdraw(&mut w.chain, w.alice, NATIVE, 300),
        Ok(Ok(()))
    );
    let alice_withdraw_fee = w.chain.last_cost().storage_deposit;
    assert_eq!(
        w.chain.events_of::<Withdrawn>(),
        vec![Withdrawn {
            account: w.alice,
            asset: NATIVE,
            amount: 300,
            to: w.alice
        }]
    );
    w.check_invariant();

    // then she has 700 left in the escrow and 300 back in her wallet (storage deposits aside)
    assert_eq!(escrow.balance_of(&mut w.chain, w.alice, NATIVE), 700);
    let spent = (alice_before - w.chain.native_balance(w.alice)) as i128;
    assert_eq!(spent, 700 + alice_deposit_fee + alice_withdraw_fee);

    // when bob withdraws everything, his account is cleared
    assert_eq!(
        escrow.withdraw(&mut w.chain, w.bob, NATIVE, 500),
        Ok(Ok(()))
    );
    assert_eq!(escrow.balance_of(&mut w.chain, w.bob, NATIVE), 0);
    assert_eq!(escrow.total_held(&mut w.chain, NATIVE), 700);
    w.check_invariant();
}

#[test]
fn several_users_deposit_and_withdraw_tokens() {
    let mut w = World::new();
    let (escrow, token, asset) = (w.instrument_escrow, w.token, w.token.asset());

    // given alice and bob approved the escrow and deposited tokens
    w.approve_and_deposit(w.alice, 40_000);
    assert_eq!(
        w.chain.events_of::<Deposited>(),
        vec![Deposited {
            account: w.alice,
            asset,
            amount: 40_000,
            by: w.alice
        }]
    );
    w.approve_and_deposit(w.bob, 25_000);

    // then the escrow credits each and holds the sum
    assert_eq!(escrow.balance_of(&mut w.chain, w.alice, asset), 40_000);
    assert_eq!(escrow.balance_of(&mut w.chain, w.bob, asset), 25_000);
    assert_eq!(token.balance_of(&mut w.chain, escrow.0), 65_000);
    assert_eq!(token.balance_of(&mut w.chain, w.alice), 960_000);

    // when bob withdraws part of his tokens
    assert_eq!(
        escrow.withdraw(&mut w.chain, w.bob, asset, 5_000),
        Ok(Ok(()))
    );
    assert_eq!(
        w.chain.events_of::<Withdrawn>(),
        vec![Withdrawn {
            account: w.bob,
            asset,
            amount: 5_000,
            to: w.bob
        }]
    );
    w.check_invariant();

    // then they are back in his wallet
    assert_eq!(token.balance_of(&mut w.chain, w.bob), 980_000);
    assert_eq!(escrow.balance_of(&mut w.chain, w.bob, asset), 20_000);
    assert_eq!(escrow.total_held(&mut w.chain, asset), 60_000);
}

// --- bad input: typed errors, nothing changes -------------------------------------------------

#[test]
fn zero_amounts_are_refused_everywhere() {
    let mut w = World::new();
    let (ie, se, asset) = (w.instrument_escrow, w.issuance_escrow, w.token.asset());
    let zero = Ok(Err(EscrowError::ZeroAmount));
    assert_eq!(ie.deposit(&mut w.chain, w.alice, NATIVE, 0, 0), zero);
    assert_eq!(ie.deposit(&mut w.chain, w.alice, asset, 0, 0), zero);
    assert_eq!(ie.withdraw(&mut w.chain, w.alice, NATIVE, 0), zero);
    assert_eq!(
        se.credit_received(&mut w.chain, w.manager, w.alice, NATIVE, 0, 0, 0),
        Ok(Err(EscrowError::ZeroAmount))
    );
    assert_eq!(
        se.send_for(&mut w.chain, w.manager, w.alice, ie.0, asset, 0),
        zero
    );
    assert_eq!(
        se.move_between(&mut w.chain, w.manager, w.alice, w.bob, asset, 0),
        zero
    );
    assert!(w.chain.events().is_empty(), "a refused call emits nothing");
    w.check_invariant();
}

#[test]
fn a_native_deposit_must_send_exactly_the_amount() {
    let mut w = World::new();
    let escrow = w.instrument_escrow;
    let before = w.chain.native_balance(w.alice);
    assert_eq!(
        escrow.deposit(&mut w.chain, w.alice, NATIVE, 1_000, 999),
        Ok(Err(EscrowError::ValueMismatch))
    );
    assert_eq!(
        escrow.deposit(&mut w.chain, w.alice, NATIVE, 1_000, 1_001),
        Ok(Err(EscrowError::ValueMismatch))
    );
    // a token deposit or a withdrawal with value attached is refused too, and the value returned
    let asset = w.token.asset();
    assert_eq!(
        w.token.approve(&mut w.chain, w.alice, escrow.0, 10),
        Ok(Ok(()))
    );
    let approve_fee = w.chain.last_cost().storage_deposit;
    assert_eq!(
        escrow.deposit(&mut w.chain, w.alice, asset, 10, 5),
        Ok(Err(EscrowError::ValueMismatch))
    );
    assert_eq!(
        w.chain.native_balance(w.alice) as i128,
        before as i128 - approve_fee,
        "every value came back"
    );
    assert_eq!(escrow.balance_of(&mut w.chain, w.alice, NATIVE), 0);
    assert_eq!(escrow.balance_of(&mut w.chain, w.alice, asset), 0);
    w.check_invariant();
}

#[test]
fn withdrawing_more_than_the_balance_fails() {
    let mut w = World::new();
    let (escrow, asset) = (w.instrument_escrow, w.token.asset());
    w.approve_and_deposit(w.alice, 100);
    assert_eq!(
        escrow.withdraw(&mut w.chain, w.alice, asset, 101),
        Ok(Err(EscrowError::InsufficientBalance))
    );
    // bob cannot take alice's tokens, nor withdraw an asset he never deposited
    assert_eq!(
        escrow.withdraw(&mut w.chain, w.bob, asset, 1),
        Ok(Err(EscrowError::InsufficientBalance))
    );
    assert_eq!(
        escrow.withdraw(&mut w.chain, w.bob, NATIVE, 1),
        Ok(Err(EscrowError::InsufficientBalance))
    );
    assert_eq!(escrow.balance_of(&mut w.chain, w.alice, asset), 100);
    w.check_invariant();
}

#[test]
fn a_token_deposit_without_allowance_fails_with_the_tokens_error() {
    let mut w = World::new();
    let (escrow, asset) = (w.instrument_escrow, w.token.asset());
    assert_eq!(
        escrow.deposit(&mut w.chain, w.alice, asset, 10, 0),
        Ok(Err(EscrowError::TokenTransferFailed(
            PSP22Error::InsufficientAllowance
        )))
    );
    // an allowance without the balance behind it fails the same way
    assert_eq!(
        w.token.approve(&mut w.chain, w.alice, escrow.0, 2_000_000),
        Ok(Ok(()))
    );
    assert_eq!(
        escrow.deposit(&mut w.chain, w.alice, asset, 2_000_000, 0),
        Ok(Err(EscrowError::TokenTransferFailed(
            PSP22Error::InsufficientBalance
        )))
    );
    assert_eq!(w.token.balance_of(&mut w.chain, w.alice), 1_000_000);
    assert_eq!(escrow.balance_of(&mut w.chain, w.alice, asset), 0);
    w.check_invariant();
}

#[test]
fn unknown_tokens_are_refused() {
    let mut w = World::new();
    let escrow = w.instrument_escrow;
    // an account that is no contract at all, and a contract that is no PSP22
    for not_a_token in [w.carol, w.issuance_escrow.0] {
        let asset = Asset::Token(not_a_token);
        assert_eq!(
            escrow.deposit(&mut w.chain, w.alice, asset, 10, 0),
            Ok(Err(EscrowError::TokenCallFailed))
        );
        assert_eq!(escrow.balance_of(&mut w.chain, w.alice, asset), 0);
        assert_eq!(escrow.total_held(&mut w.chain, asset), 0);
    }
    w.check_invariant();
}

#[test]
fn a_fee_on_transfer_token_is_refused() {
    let mut w = World::new();
    let (escrow, asset) = (w.instrument_escrow, w.token.asset());
    w.token.set_transfer_fee(&mut w.chain, 1);
    assert_eq!(
        w.token.approve(&mut w.chain, w.alice, escrow.0, 100),
        Ok(Ok(()))
    );
    assert_eq!(
        escrow.deposit(&mut w.chain, w.alice, asset, 100, 0),
        Ok(Err(EscrowError::TokenTransferMismatch))
    );
    assert_eq!(
        w.token.balance_of(&mut w.chain, w.alice),
        1_000_000,
        "the transfer was reverted"
    );
    w.check_invariant();
}

/// Tokens nobody owns in the escrow (sent to it directly) do not hide a short delivery: the
/// deposit is checked against what arrived, not against what the escrow holds.
#[test]
fn tokens_sent_straight_to_an_escrow_do_not_cover_a_short_deposit() {
    let mut w = World::new();
    let (escrow, asset) = (w.instrument_escrow, w.token.asset());
    assert_eq!(
        w.token.transfer(&mut w.chain, w.alice, escrow.0, 10),
        Ok(Ok(()))
    );
    w.token.set_transfer_fee(&mut w.chain, 1);
    assert_eq!(
        w.token.approve(&mut w.chain, w.alice, escrow.0, 100),
        Ok(Ok(()))
    );
    assert_eq!(
        escrow.deposit(&mut w.chain, w.alice, asset, 100, 0),
        Ok(Err(EscrowError::TokenTransferMismatch))
    );
    assert_eq!(escrow.balance_of(&mut w.chain, w.alice, asset), 0);
    assert_eq!(escrow.total_held(&mut w.chain, asset), 0);
    assert_eq!(w.token.balance_of(&mut w.chain, escrow.0), 10);
    // (the 10 sent straight to the escrow stay unowned, so the escrow holds more than its total)
    assert_eq!(w.token.balance_of(&mut w.chain, w.alice), 1_000_000 - 10);
}

#[test]
fn the_issuance_escrow_has_no_user_portal() {
    let mut w = World::new();
    let escrow = w.issuance_escrow;
    assert_eq!(
        escrow.deposit(&mut w.chain, w.alice, NATIVE, 10, 10),
        Err(CallError::Lang(ink::LangError::CouldNotReadInput))
    );
    assert_eq!(
        escrow.withdraw(&mut w.chain, w.alice, NATIVE, 10),
        Err(CallError::Lang(ink::LangError::CouldNotReadInput))
    );
    w.check_invariant();
}

// --- the owner's moves ---------------------------------------------------------------------------

#[test]
fn only_the_owner_moves_other_accounts_assets() {
    let mut w = World::new();
    let asset = w.token.asset();
    w.approve_and_deposit(w.alice, 500);
    let not_owner = Ok(Err(EscrowError::NotOwner));
    for escrow in [w.instrument_escrow, w.issuance_escrow] {
        assert_eq!(escrow.owner(&mut w.chain), w.manager);
        // not even alice may use the owner's messages on her own account
        for caller in [w.bob, w.alice] {
            assert_eq!(
                escrow.send_for(&mut w.chain, caller, w.alice, caller, asset, 1),
                not_owner
            );
            assert_eq!(
                escrow.move_between(&mut w.chain, caller, w.alice, w.bob, asset, 1),
                not_owner
            );
            assert_eq!(
                escrow.credit_received(&mut w.chain, caller, w.bob, NATIVE, 1, 0, 0),
                Ok(Err(EscrowError::NotOwner))
            );
        }
    }
    assert_eq!(
        w.instrument_escrow.balance_of(&mut w.chain, w.alice, asset),
        500
    );
    w.check_invariant();
}

#[test]
fn the_owner_moves_tokens_between_instrument_and_issuance_escrows() {
    let mut w = World::new();
    let (ie, se, token, asset) = (
        w.instrument_escrow,
        w.issuance_escrow,
        w.token,
        w.token.asset(),
    );
    w.approve_and_deposit(w.alice, 1_000);

    // inbound: the manager sends alice's tokens from the instrument escrow straight to the
    // issuance escrow (one token transfer)...
    assert_eq!(
        ie.send_for(&mut w.chain, w.manager, w.alice, se.0, asset, 600),
        Ok(Ok(()))
    );
    assert_eq!(
        w.chain.events_of::<Withdrawn>(),
        vec![Withdrawn {
            account: w.alice,
            asset,
            amount: 600,
            to: se.0
        }]
    );
    assert_eq!(token.balance_of(&mut w.chain, se.0), 600);
    assert_eq!(token.balance_of(&mut w.chain, w.manager), 0);
    // ...which credits her what arrived since it held nothing: 600, even if 601 are claimed
    assert_eq!(
        se.credit_received(&mut w.chain, w.manager, w.alice, asset, 600, 0, 1),
        Ok(Err(EscrowError::ValueMismatch))
    );
    assert_eq!(se.total_held(&mut w.chain, asset), 0);
    assert_eq!(
        se.credit_received(&mut w.chain, w.manager, w.alice, asset, 601, 0, 0),
        Ok(Ok(600))
    );
    assert_eq!(
        w.chain.events_of::<Deposited>(),
        vec![Deposited {
            account: w.alice,
            asset,
            amount: 600,
            by: w.manager
        }]
    );
    w.check_invariant();
    assert_eq!(ie.balance_of(&mut w.chain, w.alice, asset), 400);
    assert_eq!(se.balance_of(&mut w.chain, w.alice, asset), 600);

    // intra-issuance: the manager moves 250 from alice to bob
    assert_eq!(
        se.move_between(&mut w.chain, w.manager, w.alice, w.bob, asset, 250),
        Ok(Ok(()))
    );
    assert_eq!(
        w.chain.events_of::<Moved>(),
        vec![Moved {
            from: w.alice,
            to: w.bob,
            asset,
            amount: 250
        }]
    );
    w.check_invariant();

    // outbound: bob's share goes back to his instrument-escrow account
    assert_eq!(
        se.send_for(&mut w.chain, w.manager, w.bob, ie.0, asset, 250),
        Ok(Ok(()))
    );
    assert_eq!(
        ie.credit_received(&mut w.chain, w.manager, w.bob, asset, 250, 400, 0),
        Ok(Ok(250))
    );
    w.check_invariant();

    // and bob withdraws it to his wallet
    assert_eq!(ie.withdraw(&mut w.chain, w.bob, asset, 250), Ok(Ok(())));
    assert_eq!(token.balance_of(&mut w.chain, w.bob), 1_000_250);
    assert_eq!(se.balance_of(&mut w.chain, w.alice, asset), 350);
    assert_eq!(se.balance_of(&mut w.chain, w.bob, asset), 0);
    assert_eq!(
        token.balance_of(&mut w.chain, w.manager),
        0,
        "nothing stays with the manager"
    );
    w.check_invariant();
}

/// A move between escrows credits what arrived since the owner's read before the send: a
/// token's fee falls on the recipient, and tokens sent to the escrow directly stay unowned.
#[test]
fn a_move_credits_what_arrived_and_never_tokens_nobody_owns() {
    let mut w = World::new();
    let (ie, se, token, asset) = (
        w.instrument_escrow,
        w.issuance_escrow,
        w.token,
        w.token.asset(),
    );
    w.approve_and_deposit(w.alice, 1_000);
    assert_eq!(token.transfer(&mut w.chain, w.bob, se.0, 10), Ok(Ok(())));
    token.set_transfer_fee(&mut w.chain, 3);
    let held_before = token.balance_of(&mut w.chain, se.0);
    assert_eq!(
        ie.send_for(&mut w.chain, w.manager, w.alice, se.0, asset, 100),
        Ok(Ok(()))
    );
    assert_eq!(
        se.credit_received(&mut w.chain, w.manager, w.alice, asset, 100, held_before, 0),
        Ok(Ok(97))
    );
    assert_eq!(se.balance_of(&mut w.chain, w.alice, asset), 97);
    assert_eq!(se.total_held(&mut w.chain, asset), 97);
    assert_eq!(
        token.balance_of(&mut w.chain, se.0),
        107,
        "the 10 stay unowned"
    );
    assert_eq!(ie.balance_of(&mut w.chain, w.alice, asset), 900);
}

#[test]
fn the_owner_moves_native_currency_between_escrows() {
    let mut w = World::new();
    let (ie, se) = (w.instrument_escrow, w.issuance_escrow);
    assert_eq!(
        ie.deposit(&mut w.chain, w.carol, NATIVE, 5_000, 5_000),
        Ok(Ok(()))
    );
    let manager_before = w.chain.native_balance(w.manager);

    assert_eq!(
        ie.send_for(&mut w.chain, w.manager, w.carol, se.0, NATIVE, 3_000),
        Ok(Ok(()))
    );
    let fee_out = w.chain.last_cost().storage_deposit;
    // the issuance escrow credits only what arrived
    assert_eq!(
        se.credit_received(&mut w.chain, w.manager, w.carol, NATIVE, 3_001, 0, 0),
        Ok(Err(EscrowError::TokenTransferMismatch))
    );
    assert_eq!(
        se.credit_received(&mut w.chain, w.manager, w.carol, NATIVE, 3_000, 0, 0),
        Ok(Ok(3_000))
    );
    let fee_in = w.chain.last_cost().storage_deposit;
    w.check_invariant();
    assert_eq!(
        w.chain.native_balance(w.manager) as i128,
        manager_before as i128 - fee_out - fee_in,
        "the currency never passes through the manager"
    );
    // the owner cannot move more than the account has
    assert_eq!(
        se.send_for(&mut w.chain, w.manager, w.carol, ie.0, NATIVE, 3_001),
        Ok(Err(EscrowError::InsufficientBalance))
    );
    assert_eq!(
        se.move_between(&mut w.chain, w.manager, w.carol, w.alice, NATIVE, 3_001),
        Ok(Err(EscrowError::InsufficientBalance))
    );
    assert_eq!(se.balance_of(&mut w.chain, w.carol, NATIVE), 3_000);
    assert_eq!(ie.balance_of(&mut w.chain, w.carol, NATIVE), 2_000);
    w.check_invariant();
}
