//! The instrument escrow: one per instrument domain, instantiated by the manager's constructor.
//! The domain's asset portal: users deposit and withdraw their own native currency and PSP22
//! tokens here; the manager (its owner) moves any account's assets, only as SPEC §6 allows
//! (the manager enforces that; the escrow enforces that only the manager can).
#![cfg_attr(not(feature = "std"), no_std, no_main)]

#[ink::contract]
mod instrument_escrow {
    use escrow_ledger::Ledger;
    use traits::{Asset, Escrow, EscrowError};

    #[ink(storage)]
    pub struct InstrumentEscrow {
        ledger: Ledger,
    }

    impl Default for InstrumentEscrow {
        fn default() -> Self {
            Self::new()
        }
    }

    impl InstrumentEscrow {
        /// An empty escrow owned by its instantiator (the manager).
        #[ink(constructor)]
        pub fn new() -> Self {
            Self {
                ledger: Ledger::new(Self::env().caller()),
            }
        }
    }

    impl traits::InstrumentEscrow for InstrumentEscrow {
        #[ink(message, payable)]
        fn deposit(&mut self, asset: Asset, amount: Balance) -> Result<(), EscrowError> {
            let (caller, value) = (self.env().caller(), self.env().transferred_value());
            let event = self.ledger.deposit(caller, caller, asset, amount, value)?;
            self.env().emit_event(event);
            Ok(())
        }

        #[ink(message, payable)]
        fn withdraw(&mut self, asset: Asset, amount: Balance) -> Result<(), EscrowError> {
            let (caller, value) = (self.env().caller(), self.env().transferred_value());
            let event = self.ledger.withdraw(caller, caller, asset, amount, value)?;
            self.env().emit_event(event);
            Ok(())
        }
    }

    impl Escrow for InstrumentEscrow {
        #[ink(message)]
        fn balance_of(&self, account: AccountId, asset: Asset) -> Balance {
            self.ledger.balance_of(account, asset)
        }

        #[ink(message)]
        fn total_held(&self, asset: Asset) -> Balance {
            self.ledger.total_held(asset)
        }

        #[ink(message)]
        fn owner(&self) -> AccountId {
            self.ledger.owner()
        }

        #[ink(message, payable)]
        fn deposit_for(
            &mut self,
            account: AccountId,
            asset: Asset,
            amount: Balance,
        ) -> Result<(), EscrowError> {
            let (caller, value) = (self.env().caller(), self.env().transferred_value());
            let event = self
                .ledger
                .deposit_for(caller, account, asset, amount, value)?;
            self.env().emit_event(event);
            Ok(())
        }

        #[ink(message, payable)]
        fn withdraw_for(
            &mut self,
            account: AccountId,
            asset: Asset,
            amount: Balance,
        ) -> Result<(), EscrowError> {
            let (caller, value) = (self.env().caller(), self.env().transferred_value());
            let event = self
                .ledger
                .withdraw_for(caller, account, asset, amount, value)?;
            self.env().emit_event(event);
            Ok(())
        }

        #[ink(message)]
        fn move_between(
            &mut self,
            from: AccountId,
            to: AccountId,
            asset: Asset,
            amount: Balance,
        ) -> Result<(), EscrowError> {
            let event = self
                .ledger
                .move_between(self.env().caller(), from, to, asset, amount)?;
            self.env().emit_event(event);
            Ok(())
        }
    }
}
