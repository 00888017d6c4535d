//! The `nuts` user commands on the in-process chain: the platform deployed as `nuts deploy
//! --examples` deploys it, then every command typed as a person types it (parsed by the same
//! clap definitions as the binary) by two people, with the chain's state checked after each,
//! and every kind of bad input refused with nothing sent.

use std::{cell::RefCell, rc::Rc};

use clap::Parser;
use client::{
    clients::{Escrow, Manager, Token},
    Chain,
};
use nuts::{
    args::{On, UserCommand},
    deploy::{self, address},
    user::{self, Session, UserError},
};
use serde_json::Value;
use traits::{AccountId, IssuanceState, DAY_MS};

/// The binary's arguments: the global ones and a user command.
#[derive(Parser)]
struct Tool {
    #[command(flatten)]
    _on: On,
    #[command(subcommand)]
    command: UserCommand,
}

/// One whole USD or GOLD (12 decimals).
const UNIT: u128 = 1_000_000_000_000;

/// The in-process chain, deployed to as a development chain.
const DEV: deploy::Target = deploy::Target {
    name: "Development",
    dev: true,
    genesis: "0x00",
};

struct World {
    session: Session,
    record: Value,
    alice: AccountId,
    bob: AccountId,
    said: Rc<RefCell<Vec<String>>>,
}

impl World {
    fn new() -> Self {
        let mut chain = Chain::new();
        let alice = chain.account("alice");
        let dir = std::env::temp_dir().join(format!("nuts-user-{}", std::process::id()));
        let options = deploy::Options {
            url: "in-process".into(),
            secret: None,
            examples: true,
            dir,
            clock: None,
            redeploy_stale: false,
        };
        let deployment = deploy::deploy_on(&mut chain, alice, DEV, &options, |_| {})
            .expect("the examples deploy in process");
        let bob = chain.account("bob");
        let said = Rc::new(RefCell::new(Vec::new()));
        let log = said.clone();
        let session = Session::open(
            chain,
            alice,
            &deployment.record,
            Box::new(|_| true),
            Box::new(move |line: &str| log.borrow_mut().push(line.to_string())),
        )
        .expect("a session on the deployment");
        World {
            session,
            record: deployment.record,
            alice,
            bob,
            said,
        }
    }

    /// Runs `line` (as typed after `nuts`) as `who`.
    fn run(&mut self, who: AccountId, line: &str) -> Result<Value, UserError> {
        let words = std::iter::once("nuts").chain(line.split_whitespace());
        let command = Tool::try_parse_from(words)
            .unwrap_or_else(|error| panic!("`nuts {line}` parses: {error}"))
            .command;
        self.session.me = who;
        self.said.borrow_mut().clear();
        let result = user::run(command, &mut self.session);
        // The session as a terminal shows it (`cargo test -p nuts --test user -- --nocapture`).
        let signer = if who == self.alice { "alice" } else { "bob" };
        println!("\n[{signer}] $ nuts {line} --yes");
        for said in self.said.borrow().iter() {
            println!("{said}");
        }
        if let Err(error) = &result {
            println!("nuts: {}", error.said());
        }
        result
    }

    fn ok(&mut self, who: AccountId, line: &str) -> Value {
        self.run(who, line)
            .unwrap_or_else(|error| panic!("`nuts {line}`: {error}"))
    }

    fn token(&self, key: &str) -> Token {
        Token(address(&self.record, key).expect("the examples' tokens"))
    }

    fn manager(&self, key: &str) -> Manager {
        Manager(address(&self.record, &format!("{key}_manager")).expect("the examples' domains"))
    }

    fn escrow(&mut self, key: &str) -> Escrow {
        let manager = self.manager(key);
        manager.instrument_escrow(&mut self.session.chain)
    }

    fn held(&mut self, key: &str, who: AccountId, token: &str) -> u128 {
        let (escrow, asset) = (self.escrow(key), self.token(token).asset());
        escrow.balance_of(&mut self.session.chain, who, asset)
    }

    fn wallet(&mut self, who: AccountId, token: &str) -> u128 {
        let token = self.token(token);
        token.balance_of(&mut self.session.chain, who)
    }

    fn hex(account: AccountId) -> String {
        let bytes: &[u8; 32] = account.as_ref();
        format!(
            "0x{}",
            bytes.iter().map(|b| format!("{b:02x}")).collect::<String>()
        )
    }
}

#[test]
fn a_loan_a_swap_and_a_multi_swap_made_entirely_with_nuts_commands() {
    let mut w = World::new();
    let (alice, bob) = (w.alice, w.bob);

    // Anyone: the book is empty, the Config reads back.
    assert_eq!(w.ok(bob, "offers"), Value::Array(vec![]));
    let config = w.ok(bob, "config");
    assert_eq!(
        config["instrument_deposit"]["units"],
        deploy::INSTRUMENT_DEPOSIT.to_string()
    );

    // Bob gets GOLD from Alice's wallet (a plain transfer, to a hex account).
    let to_bob = format!("transfer 8000GOLD --to {}", World::hex(bob));
    w.ok(alice, &to_bob);
    assert_eq!(w.wallet(bob, "gold"), 8000 * UNIT);

    // Alice deposits (approve + deposit) and offers a loan in domain 1 (lending on v1).
    let deposited = w.ok(alice, "deposit 1 10000USD");
    assert_eq!(deposited["deposited"]["units"], (10_000 * UNIT).to_string());
    assert_eq!(w.held("lending_v1", alice, "usd"), 10_000 * UNIT);
    let said = w.said.borrow().join("\n");
    assert!(
        said.contains("approve") && said.contains("Deposited 10000 USD"),
        "{said}"
    );
    let lent = w.ok(
        alice,
        "lend 1 --principal 10000USD --collateral 150%GOLD --tenor 30d --rate 0.1%/day --open 7d",
    );
    assert_eq!(lent["issuance"], 1);
    assert_eq!(
        lent["spent"][0]["amount"], "10000 USD",
        "the limit was exactly the principal"
    );
    assert_eq!(w.held("lending_v1", alice, "usd"), 0);
    let said = w.said.borrow().join("\n");
    assert!(said.contains("dry run: accepted"), "{said}");
    assert!(said.contains("IssuanceCreated 1 by you"), "{said}");

    // The book shows it in people's units, collateral at today's price (1 USD = 0.5 GOLD).
    let book = w.ok(bob, "offers");
    assert_eq!(book.as_array().map(Vec::len), Some(1), "{book}");
    let terms = book[0]["terms"].as_str().unwrap();
    assert_eq!(book[0]["kind"], "lending");
    assert!(
        terms.starts_with("10000 USD for 30 days at 0.1%/day (interest 300 USD)"),
        "{terms}"
    );
    assert!(terms.contains("7500 GOLD at today's price"), "{terms}");

    // Bob engages: exactly the collateral leaves his escrow account.
    w.ok(bob, "deposit 1 8000GOLD");
    let engaged = w.ok(bob, "engage 1 1");
    assert_eq!(engaged["engagement"], 1);
    assert_eq!(engaged["spent"][0]["amount"], "7500 GOLD");
    assert_eq!(w.held("lending_v1", bob, "usd"), 10_000 * UNIT);
    assert_eq!(w.held("lending_v1", bob, "gold"), 500 * UNIT);

    // Repaying needs 10300 USD: with 10000 in escrow it is refused, nothing sent.
    let short = w.run(bob, "repay 1 1");
    assert!(
        matches!(&short, Err(UserError::TooLittleInEscrow { needs, .. }) if needs.contains("10300 USD")),
        "{short:?}"
    );
    assert_eq!(w.held("lending_v1", bob, "usd"), 10_000 * UNIT);
    w.ok(alice, &format!("transfer 300USD --to {}", World::hex(bob)));
    w.ok(bob, "deposit 1 300USD");
    let repaid = w.ok(bob, "repay 1 1");
    assert_eq!(repaid["spent"][0]["amount"], "10300 USD");
    assert_eq!(w.held("lending_v1", alice, "usd"), 10_300 * UNIT);
    assert_eq!(w.held("lending_v1", bob, "gold"), 8_000 * UNIT);
    let shown = w.ok(bob, "show 1 1");
    assert_eq!(shown["state"], "Complete");
    assert_eq!(shown["engagements"][0]["state"], "Complete");
    let history: Vec<&str> = shown["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|line| line.as_str().unwrap())
        .collect();
    assert!(
        history[0].starts_with("IssuanceCreated 1 by "),
        "{history:?}"
    );
    for step in [
        "EngagementCreated 1/1",
        "EventProcessed \"repay\"",
        "IssuanceUpdated 1 -> Complete",
    ] {
        assert!(
            history.iter().any(|line| line.starts_with(step)),
            "{step} in {history:?}"
        );
    }

    // The maker closes, then the taker; the issuance is gone.
    w.ok(alice, "close 1 1");
    let manager = w.manager("lending_v1");
    assert_eq!(manager.issuance(&mut w.session.chain, 1), None);
    w.ok(bob, "close 1 1");
    assert_eq!(manager.engagement(&mut w.session.chain, 1, 1), None);

    // Withdraw back to the wallet.
    let before = w.wallet(alice, "usd");
    w.ok(alice, "withdraw 1 10300USD");
    assert_eq!(w.wallet(alice, "usd"), before + 10_300 * UNIT);

    // Bob's collateral came back to his escrow account; he takes it home.
    w.ok(bob, "withdraw 1 8000GOLD");
    assert_eq!(w.wallet(bob, "gold"), 8000 * UNIT);

    // A spot swap in domain 5: Alice gives 100 USD for 50 GOLD, Bob takes it.
    w.ok(alice, "deposit 5 100USD");
    let offered = w.ok(alice, "swap 5 --give 100USD --get 50GOLD --open 3d");
    assert_eq!(offered["issuance"], 1);
    let renewed = w.ok(alice, "renew 5 1 --days 2d");
    assert_eq!(
        renewed["spent"],
        serde_json::json!([]),
        "a renewal takes nothing"
    );
    let events = renewed["events"].as_array().unwrap();
    assert!(
        events
            .iter()
            .any(|e| e.as_str().unwrap().starts_with("EventScheduled")),
        "{renewed}"
    );
    w.ok(bob, "deposit 5 50GOLD");
    let taken = w.ok(bob, "engage 5 1");
    assert_eq!(taken["spent"][0]["amount"], "50 GOLD");
    assert_eq!(w.held("spot_swap_v1", bob, "usd"), 100 * UNIT);
    assert_eq!(w.held("spot_swap_v1", alice, "gold"), 50 * UNIT);

    // A multi-swap in domain 6: Bob takes 30 of the 60 GOLD asked, for half the USD.
    w.ok(alice, "deposit 6 100USD");
    w.ok(
        alice,
        "multi-swap 6 --give 100USD --get 60GOLD --min 10GOLD --max 30GOLD --open 3d",
    );
    w.ok(bob, "deposit 6 30GOLD");
    let part = w.ok(bob, "engage 6 1 --output 30GOLD");
    assert_eq!(part["spent"][0]["amount"], "30 GOLD");
    assert_eq!(w.held("multi_swap_v2", bob, "usd"), 50 * UNIT);
    let book = w.ok(bob, "offers");
    let open: Vec<&str> = book
        .as_array()
        .unwrap()
        .iter()
        .map(|offer| offer["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        open,
        vec!["multi-swap"],
        "the half-taken multi-swap is still open"
    );
    assert!(book[0]["terms"]
        .as_str()
        .unwrap()
        .contains("30 GOLD still to take"));

    // Balances: the wallet and each domain's escrow account apart.
    let balances = w.ok(bob, "balances");
    let escrows = balances["instrument_escrows"].as_array().unwrap();
    let domains: Vec<u64> = escrows
        .iter()
        .map(|e| e["domain"].as_u64().unwrap())
        .collect();
    assert_eq!(
        domains,
        vec![5, 6],
        "his domain-1 account is empty: only non-empty ones show"
    );
    let of_alice = w.ok(bob, "balances --account //Alice");
    assert_ne!(of_alice["account"], balances["account"]);
}

#[test]
fn bad_input_is_refused_in_words_with_nothing_sent() {
    let mut w = World::new();
    let (alice, bob) = (w.alice, w.bob);
    w.ok(alice, "deposit 1 100USD");
    let count = |w: &mut World| {
        let manager = w.manager("lending_v1");
        manager.issuance_count(&mut w.session.chain)
    };
    let lend = |principal: &str| {
        format!("lend 1 --principal={principal} --collateral 150%GOLD --tenor 30d --rate 0.1%/day")
    };

    // An unknown token symbol: the known ones are named.
    let unknown = w.run(alice, &lend("100EUR")).unwrap_err();
    assert!(matches!(
        &unknown,
        UserError::Argument { flag, error: amounts::AmountError::UnknownToken { .. } } if flag == "--principal"
    ));
    assert!(
        unknown.to_string().starts_with("--principal: "),
        "{unknown}"
    );
    assert!(unknown.to_string().contains("USD"), "{unknown}");
    // Too many decimals (USD has 12), and a negative amount.
    let precise = w.run(alice, &lend("1.0000000000001USD")).unwrap_err();
    assert!(matches!(
        precise,
        UserError::Argument {
            error: amounts::AmountError::TooManyDecimals {
                typed: 13,
                allowed: 12
            },
            ..
        }
    ));
    let negative = w.run(alice, &lend("-5USD")).unwrap_err();
    assert_eq!(
        negative,
        UserError::Argument {
            flag: "--principal".into(),
            error: amounts::AmountError::Negative
        }
    );
    // A swap's part in another token than the output it asks for.
    let mixed = "multi-swap 6 --give 10USD --get 6GOLD --min 1USD --max 3GOLD";
    let mixed = w.run(alice, mixed).unwrap_err();
    assert!(
        matches!(&mixed, UserError::Argument { flag, .. } if flag == "--min"),
        "{mixed:?}"
    );
    // A domain that does not exist.
    assert_eq!(
        w.run(alice, "show 99 1").unwrap_err(),
        UserError::NoSuchDomain(99)
    );
    assert_eq!(
        w.run(alice, "deposit 99 1USD").unwrap_err(),
        UserError::NoSuchDomain(99)
    );
    assert_eq!(count(&mut w), 0, "nothing was sent");

    // Too little in escrow: 100 USD cannot lend 200.
    let short = w.run(alice, &lend("200USD")).unwrap_err();
    assert!(
        matches!(short, UserError::TooLittleInEscrow { .. }),
        "{short:?}"
    );
    assert!(short.to_string().contains("holds 100 USD"), "{short}");
    assert_eq!(count(&mut w), 0);
    // Too little in the wallet.
    let poor = w.run(bob, "deposit 1 5USD").unwrap_err();
    assert!(
        matches!(poor, UserError::TooLittleInWallet { .. }),
        "{poor:?}"
    );

    // An expired offer: open two days, engaged on the third.
    w.ok(alice, &format!("{} --open 2d", lend("100USD")));
    w.session.chain.advance_time(3 * DAY_MS);
    let expired = w.run(bob, "engage 1 1").unwrap_err();
    assert!(
        matches!(expired, UserError::OfferExpired { .. }),
        "{expired:?}"
    );
    let manager = w.manager("lending_v1");
    let record = manager.issuance(&mut w.session.chain, 1).unwrap();
    assert_eq!(record.engagement_count, 0, "nothing was sent");

    // A refusal by the chain comes back typed, in words: only the maker cancels.
    let foreign = w.run(bob, "cancel 1 1").unwrap_err();
    assert!(
        matches!(&foreign, UserError::Refused(why) if why.starts_with("Instrument(NotAllowed: the instrument does not let you")),
        "{foreign:?}"
    );

    // The maker may: the principal comes back, nothing leaves.
    let cancelled = w.ok(alice, "cancel 1 1");
    assert_eq!(
        cancelled["spent"],
        serde_json::json!([]),
        "a cancel takes nothing"
    );
    let record = manager.issuance(&mut w.session.chain, 1).unwrap();
    assert_eq!(record.state, IssuanceState::Cancelled);
    assert_eq!(w.held("lending_v1", alice, "usd"), 100 * UNIT);

    // Saying no sends nothing.
    w.session.set_confirm(Box::new(|_| false));
    assert_eq!(
        w.run(alice, "withdraw 1 1USD").unwrap_err(),
        UserError::Declined
    );
    assert_eq!(w.held("lending_v1", alice, "usd"), 100 * UNIT);
}

#[test]
fn the_fsp_and_the_admin_set_their_instrument_and_the_config() {
    let mut w = World::new();
    let (alice, bob) = (w.alice, w.bob);
    // Alice is the examples' FSP: a maker whitelist keeps Bob out until she allows him.
    w.ok(alice, "fsp 1 whitelist maker on");
    w.ok(alice, &format!("transfer 10USD --to {}", World::hex(bob)));
    w.ok(bob, "deposit 1 10USD");
    let lend = "lend 1 --principal 10USD --collateral 150%GOLD --tenor 30d --rate 0.1%/day";
    let refused = w.run(bob, lend).unwrap_err();
    assert!(
        matches!(&refused, UserError::Refused(why) if why.starts_with("MakerNotAllowed")),
        "{refused:?}"
    );
    w.ok(alice, &format!("fsp 1 allow maker {}", World::hex(bob)));
    assert_eq!(w.ok(bob, lend)["issuance"], 1);
    // Bob is no FSP: his change is refused, typed.
    let not_owner = w.run(bob, "fsp 1 whitelist maker off").unwrap_err();
    assert!(
        matches!(&not_owner, UserError::Refused(why) if why.starts_with("NotOwner: only the instrument's FSP")),
        "{not_owner:?}"
    );

    // The admin doubles the instrument deposit; Bob may not.
    let deposit = deploy::INSTRUMENT_DEPOSIT;
    let doubled = "config --instrument-deposit 2000NUTS";
    let set = w.ok(alice, doubled);
    assert_eq!(
        set["instrument_deposit"]["units"],
        (2 * deposit).to_string()
    );
    let refused = w.run(bob, doubled).unwrap_err();
    assert!(
        matches!(&refused, UserError::Refused(why) if why.starts_with("NotAdmin: ")),
        "{refused:?}"
    );

    // An FSP activates a new domain with nuts alone: Alice, lending on v2 (domain 7). The
    // registry takes the NUTS deposit.
    let nuts = Token(address(&w.record, "nuts_token").unwrap());
    let before = nuts.balance_of(&mut w.session.chain, alice);
    let activated = w.ok(alice, "activate lending --version v2");
    assert_eq!(activated["domain"], 7);
    assert_eq!(
        nuts.balance_of(&mut w.session.chain, alice),
        before - 2 * deposit
    );
    w.ok(alice, "deposit 7 10USD");
    let in_new = lend.replace("lend 1", "lend 7");
    assert_eq!(w.ok(alice, &in_new)["issuance"], 1);
    // Bob has no NUTS: nothing is deployed for him.
    let poor = w.run(bob, "activate swap").unwrap_err();
    assert!(
        matches!(poor, UserError::TooLittleInWallet { .. }),
        "{poor:?}"
    );
    assert_eq!(
        w.run(bob, "activate swap --version v2").unwrap_err(),
        UserError::Refused("SpotSwap is written for [V1], not V2".into())
    );

    // Fees: a fee not given stays as it is.
    w.ok(alice, "fsp 1 fees --maker 1USD");
    w.ok(alice, "fsp 1 fees --taker 2USD");
    let manager = w.manager("lending_v1");
    let instrument =
        client::clients::InstrumentClient(manager.setup(&mut w.session.chain).instrument);
    let fees = instrument.fees(&mut w.session.chain);
    let usd = w.token("usd").asset();
    assert_eq!(fees.maker.map(|f| (f.asset, f.amount)), Some((usd, UNIT)));
    assert_eq!(
        fees.taker.map(|f| (f.asset, f.amount)),
        Some((usd, 2 * UNIT))
    );
    w.ok(alice, "fsp 1 fees --maker none");
    assert_eq!(instrument.fees(&mut w.session.chain).maker, None);

    // The admin role changes hands in two steps.
    w.ok(
        alice,
        &format!("config --transfer-admin {}", World::hex(bob)),
    );
    let accepted = w.ok(bob, "config --accept-admin");
    assert_eq!(accepted["admin"], deploy::ss58(bob));
    w.ok(
        bob,
        &format!("config --transfer-admin {}", World::hex(alice)),
    );
    w.ok(alice, "config --accept-admin");

    // The FSP deactivates its domain once its override time (60 days) passed: no new offer.
    let early = w.run(alice, "fsp 1 deactivate").unwrap_err();
    assert!(
        matches!(&early, UserError::Refused(why) if why.starts_with("DeactivationNotAllowed")),
        "{early:?}"
    );
    w.session.chain.advance_time(61 * DAY_MS);
    w.ok(alice, "fsp 1 deactivate");
    let inactive = w.run(bob, lend).unwrap_err();
    assert!(
        matches!(&inactive, UserError::Refused(why) if why.starts_with("InstrumentInactive")),
        "{inactive:?}"
    );
}

/// `nuts deploy` run again trusts nothing it recorded: it checks every recorded contract's code
/// hash, the registry's admin and Config and every domain against the chain. Off development
/// chains it refuses, with a report and nothing changed, unless asked to redeploy what is
/// stale; a record of another chain (genesis hash) is refused. No RPC address is recorded.
#[test]
fn a_second_deploy_checks_the_record_against_the_chain() {
    let mut chain = Chain::new();
    let alice = chain.account("alice");
    let dir = std::env::temp_dir().join(format!("nuts-redeploy-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let mut options = deploy::Options {
        url: "ws://user:password@node.example:9944/api-key-1234".into(),
        secret: None,
        examples: true,
        dir: dir.clone(),
        clock: None,
        redeploy_stale: false,
    };
    let first = deploy::deploy_on(&mut chain, alice, DEV, &options, |_| {}).expect("deployed");
    let text = std::fs::read_to_string(&first.file).unwrap();
    assert!(
        !text.contains("api-key-1234") && !text.contains("node.example"),
        "{text}"
    );
    assert_eq!(first.record["genesis_hash"], DEV.genesis);

    // The same chain (and file) as a production chain would be: nothing differs, nothing
    // changes.
    let production = deploy::Target {
        name: "local",
        dev: false,
        genesis: DEV.genesis,
    };
    options.examples = false;
    let checked = RefCell::new(Vec::new());
    let again = deploy::deploy_on(&mut chain, alice, production, &options, |line| {
        checked.borrow_mut().push(line.to_string())
    });
    let checked = checked.into_inner().join("\n");
    assert!(
        checked.contains("checked the record against the chain"),
        "{checked}"
    );
    let mut expected = first.record.clone();
    expected["chain"] = "local".into();
    assert_eq!(again.expect("a matching record").record, expected);

    // Another chain's record.
    let other = deploy::Target {
        genesis: "0x01",
        ..production
    };
    let refused = deploy::deploy_on(&mut chain, alice, other, &options, |_| {});
    let error = refused.err().expect("another chain is refused");
    assert!(
        error.contains("genesis 0x00") && error.contains("another chain"),
        "{error}"
    );

    // A Config changed on chain (older code for v1) is reported, then set back when asked.
    let registry = client::clients::Registry(address(&first.record, "registry").unwrap());
    let built = registry.config(&mut chain);
    let mut older = built;
    older.manager_v1 = None;
    assert_eq!(registry.set_config(&mut chain, alice, older), Ok(Ok(())));
    let refused = deploy::deploy_on(&mut chain, alice, production, &options, |_| {});
    let error = refused
        .err()
        .expect("a stale Config is refused off dev chains");
    assert!(
        error.contains("registry: its Config") && error.contains("nothing was changed"),
        "{error}"
    );
    assert_eq!(registry.config(&mut chain), older, "nothing was changed");
    options.redeploy_stale = true;
    let mended = deploy::deploy_on(&mut chain, alice, production, &options, |_| {}).unwrap();
    assert_eq!(registry.config(&mut chain), built);
    assert_eq!(
        address(&mended.record, "registry"),
        Some(registry.0),
        "the registry stays"
    );

    // A recorded address that holds other code (here the USD token's) is reported with both
    // code hashes; asked, a new registry is deployed and the domains it no longer knows leave
    // the record.
    let mut tampered = mended.record.clone();
    tampered["registry"] = tampered["usd"].clone();
    tampered["registry"]["contract"] = "registry".into();
    std::fs::write(&first.file, tampered.to_string()).unwrap();
    options.redeploy_stale = false;
    let refused = deploy::deploy_on(&mut chain, alice, production, &options, |_| {});
    let error = refused.err().expect("stale code is refused off dev chains");
    assert!(error.contains("registry: runs code 0x"), "{error}");
    let unchanged: Value =
        serde_json::from_str(&std::fs::read_to_string(&first.file).unwrap()).unwrap();
    assert_eq!(unchanged, tampered, "the record is untouched");
    options.redeploy_stale = true;
    let said = RefCell::new(Vec::new());
    let redeployed = deploy::deploy_on(&mut chain, alice, production, &options, |line| {
        said.borrow_mut().push(line.to_string())
    })
    .unwrap();
    let said = said.into_inner().join("\n");
    assert!(said.contains("lending_v1_manager: redeploying"), "{said}");
    let new_registry = address(&redeployed.record, "registry").unwrap();
    assert_ne!(Some(new_registry), address(&tampered, "registry"));
    assert_eq!(
        chain.code_hash_at(new_registry),
        Some(chain.code_hash(client::contracts::REGISTRY))
    );
    assert!(
        redeployed.record.get("lending_v1_manager").is_none(),
        "{}",
        redeployed.record
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// `nuts app`'s API, without a browser: what the page reads (context, offer book, positions,
/// limits) and the dry runs of the call data it sends, refusals in words included; bad input is
/// refused with a status and words, and no file outside the page, its packages and the bundles
/// is served.
#[test]
fn the_web_apps_api_reads_and_dry_runs_what_the_page_sends() {
    use ink::codegen::TraitCallBuilder;
    use nuts::app::App;
    use traits::{InstrumentManager as _, SpendingLimit};
    let mut world = World::new();
    let (alice, bob) = (world.alice, world.bob);
    let carol = world.session.chain.account("carol");
    let (manager, gold) = (world.manager("lending_v1"), world.token("gold"));
    world.ok(
        alice,
        &format!("transfer 8000GOLD --to {}", World::hex(bob)),
    );
    world.ok(alice, "deposit 1 20000USD");
    world.ok(bob, "deposit 1 8000GOLD");
    let lend = "lend 1 --principal 10000USD --collateral 150%GOLD --tenor 30d --rate 0.1%/day";
    assert_eq!(world.ok(alice, lend)["issuance"], 1);
    let World {
        session, record, ..
    } = world;
    let page = client::contracts::workspace_root().join("app");
    let bundles = std::env::temp_dir().join("nuts-app-api-no-bundles");
    let mut app = App::new(session, &record, "ws://127.0.0.1:9944", true, page, bundles)
        .expect("the app opens on the deployment");
    let get = |app: &mut App, target: &str| {
        let answer = app.handle("GET", target, b"");
        let body: Value = serde_json::from_slice(&answer.body).unwrap_or(Value::Null);
        (answer.status, body)
    };
    let hex = World::hex;

    let (status, context) = get(&mut app, "/api/context");
    assert_eq!(status, 200);
    let contracts: Vec<&str> = context["domains"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["contract"].as_str().unwrap_or("?"))
        .collect();
    let shipped = [
        "lending_v1",
        "lending_v2",
        "lending_v3",
        "borrowing_v1",
        "spot_swap_v1",
    ];
    assert_eq!(contracts[..5], shipped);
    assert_eq!(contracts[5], "multi_swap_v2");
    assert_eq!(context["tokens"][0]["decimals"], 12);
    assert_eq!(context["dev"], true);

    let (_, book) = get(&mut app, "/api/offers");
    assert_eq!(book.as_array().map(Vec::len), Some(1), "{book}");
    let terms = &book[0]["terms_exact"];
    assert_eq!(terms["payoff"]["units"], (10_300 * UNIT).to_string());
    assert_eq!(terms["collateral"]["amount"], "7500 GOLD");
    assert_eq!(terms["apr_percent"], "36.5");

    let (_, mine) = get(&mut app, &format!("/api/positions?account={}", hex(alice)));
    let position = &mine["positions"][0];
    assert_eq!(position["role"], "maker");
    assert_eq!(
        (&position["open"], &position["closable"]),
        (&Value::from(true), &Value::from(false))
    );

    // An engage as the page encodes it, dry-run: Carol, with nothing in escrow, is refused in
    // words; Bob's whole balance as the limit shows the collateral leaving, the limit to sign.
    let engage = |limit: SpendingLimit| {
        let message = manager
            .calls()
            .call_mut()
            .engage_issuance(1, Vec::new(), limit);
        let (_, input, _) = client::chain::addressed(message);
        format!(
            "0x{}",
            input.iter().map(|b| format!("{b:02x}")).collect::<String>()
        )
    };
    let dry_run = |app: &mut App, who: AccountId, contract: AccountId, input: String| {
        let request =
            serde_json::json!({ "account": hex(who), "contract": hex(contract), "input": input });
        let answer = app.handle("POST", "/api/dry-run", request.to_string().as_bytes());
        assert_eq!(answer.status, 200);
        serde_json::from_slice::<Value>(&answer.body).unwrap()
    };
    let refused = dry_run(&mut app, carol, manager.0, engage(SpendingLimit::none()));
    assert_eq!(refused["ok"], false);
    let why = refused["error"].as_str().unwrap();
    assert!(
        why.starts_with("TooLittleInEscrow: your instrument-escrow account holds nothing"),
        "{why}"
    );
    let whole = get(
        &mut app,
        &format!("/api/limit?domain=1&account={}", hex(bob)),
    )
    .1;
    let gold_asset = serde_json::json!({ "Token": hex(gold.0) });
    assert_eq!(
        whole,
        serde_json::json!([[gold_asset, (8_000 * UNIT).to_string()]])
    );
    let whole = SpendingLimit::of(gold.asset(), 8_000 * UNIT);
    let accepted = dry_run(&mut app, bob, manager.0, engage(whole));
    assert_eq!(accepted["ok"], true, "{accepted}");
    assert_eq!(accepted["leaves_words"], "7500 GOLD");
    assert_eq!(
        accepted["limit"],
        serde_json::json!([[gold_asset, (7_500 * UNIT).to_string()]])
    );
    // A token's refusal in words: Carol has no GOLD to transfer.
    let mut token: client::clients::refs::TestTokenRef =
        ink::env::call::FromAccountId::from_account_id(gold.0);
    let transfer = psp22::PSP22::transfer(token.call_mut(), bob, UNIT, Vec::new());
    let (_, input, _) = client::chain::addressed(transfer);
    let input = format!(
        "0x{}",
        input.iter().map(|b| format!("{b:02x}")).collect::<String>()
    );
    let refused = dry_run(&mut app, carol, gold.0, input);
    assert!(
        refused["error"]
            .as_str()
            .unwrap()
            .starts_with("InsufficientBalance"),
        "{refused}"
    );

    // Bad input and paths outside what is served.
    assert_eq!(get(&mut app, "/api/positions?account=nobody").0, 400);
    assert_eq!(get(&mut app, "/api/show?domain=1&issuance=x").0, 400);
    for path in [
        "/lib/../../Cargo.toml",
        "/bundles/../README.md.contract",
        "/Cargo.toml",
        "/app.js.map",
    ] {
        assert_eq!(get(&mut app, path).0, 404, "{path}");
    }
    assert_eq!(app.handle("GET", "/", b"").status, 200);
    assert_eq!(app.handle("DELETE", "/api/offers", b"").status, 405);
}
