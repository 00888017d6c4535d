//! Test-only: a hostile instrument, the kind of code an FSP could activate. Whatever the caller
//! scripts in the params (v1: a SCALE `(Outcome, u32, u8)`, the Outcome and the length and fill
//! byte of the new blob, which may be far longer than any params; v2: a SCALE `Outcome`) is what
//! it returns (v3: it is its own issuance contract, scripted like v2), so the e2e scenarios can put every forbidden Outcome in
//! front of the managers' rules on chain. On v2 it also writes its issuance storage during the
//! call, and `write_outside` tries to write it when the manager has not asked. On v1, the custom
//! events `reenter`, `raid`, `trap` and `garbage` try to call back into the manager, take from
//! the issuance escrow directly, trap mid-call and answer bytes that are no reply. On every
//! version, the custom events `spin` and `oversized` run until the gas runs out and answer with a
//! reply longer than the manager's 16 KiB buffer.
#![cfg_attr(not(feature = "std"), no_std, no_main)]

/// The call builder of this contract (constructors and messages), for clients and tests.
pub use self::hostile_instrument::HostileInstrumentRef;

#[instrument_settings::instrument]
#[ink::contract]
mod hostile_instrument {
    use ink::{
        codegen::TraitCallBuilder,
        contract_ref,
        prelude::{vec, vec::Vec},
        scale::{Decode, DecodeAll, Encode},
    };
    use instrument_settings::InstrumentSettings;
    use traits::{
        calls::answered, Asset, Escrow, InstrumentError, InstrumentManager, InstrumentV1,
        InstrumentV2, InstrumentV3, Issuance, IssuanceContext, IssuanceStorage, Name, Outcome,
        SpendingLimit, StorageError,
    };

    /// The key the v2 side writes in every call it gets.
    pub const TOUCHED: Name = Name::new("touched");
    /// v1 custom event: calls `create_issuance` on the manager that is calling.
    pub const REENTER: Name = Name::new("reenter");
    /// v1 custom event: asks the issuance escrow to pay out the script's first transfer.
    pub const RAID: Name = Name::new("raid");
    /// v1 custom event: traps.
    pub const TRAP: Name = Name::new("trap");
    /// v1 custom event: returns three bytes that decode as no reply.
    pub const GARBAGE: Name = Name::new("garbage");

    /// Every version's custom event: loops until it runs out of gas.
    pub const SPIN: Name = Name::new("spin");
    /// Every version's custom event: answers with a reply of [`OVERSIZED_REPLY_LEN`] bytes.
    pub const OVERSIZED: Name = Name::new("oversized");
    /// Longer than ink!'s 16 KiB static buffer, in which the manager receives replies.
    pub const OVERSIZED_REPLY_LEN: usize = 20 * 1024;

    type Scripted = Result<(Outcome, Vec<u8>), InstrumentError>;

    /// What every version's custom event `name` does before answering: `SPIN` never returns,
    /// `OVERSIZED` returns a long reply itself; any other name returns to the caller.
    fn misbehave(name: Name) {
        if name == SPIN {
            #[allow(clippy::empty_loop)]
            loop {}
        }
        if name == OVERSIZED {
            let reply = vec![0u8; OVERSIZED_REPLY_LEN];
            #[cfg(target_arch = "wasm32")]
            {
                use pallet_contracts_uapi::{HostFn, HostFnImpl};
                HostFnImpl::return_value(ink::env::ReturnFlags::empty(), &reply);
            }
            #[cfg(not(target_arch = "wasm32"))]
            ink::env::return_value(ink::env::ReturnFlags::empty(), &reply);
        }
    }

    #[ink(storage)]
    pub struct HostileInstrument {
        settings: InstrumentSettings,
    }

    impl Default for HostileInstrument {
        fn default() -> Self {
            Self::new()
        }
    }

    fn script<T: Decode>(bytes: &[u8]) -> Result<T, InstrumentError> {
        T::decode_all(&mut &bytes[..]).map_err(|_| InstrumentError::InvalidParameters)
    }

    /// A v1 script: the Outcome, and a blob of `length` bytes `fill`.
    fn scripted(bytes: &[u8]) -> Scripted {
        let (outcome, length, fill): (Outcome, u32, u8) = script(bytes)?;
        Ok((outcome, vec![fill; length as usize]))
    }

    fn write(storage: AccountId) -> Result<(), StorageError> {
        let mut storage: contract_ref!(IssuanceStorage) = storage.into();
        answered(
            storage
                .call_mut()
                .set(TOUCHED, Vec::from([1u8]))
                .try_invoke(),
        )
        .unwrap_or(Err(StorageError::NotWriter))
    }

    impl HostileInstrument {
        /// A hostile instrument owned by the caller.
        #[ink(constructor)]
        pub fn new() -> Self {
            Self {
                settings: InstrumentSettings::new(Self::env().caller()),
            }
        }

        /// Tries to write `storage` now, outside any manager call; returns the storage's answer.
        #[ink(message)]
        pub fn write_outside(&mut self, storage: AccountId) -> Result<(), StorageError> {
            write(storage)
        }
    }

    impl InstrumentV1 for HostileInstrument {
        /// Returns the scripted Outcome and blob in `params`.
        #[ink(message)]
        fn create(&self, _context: IssuanceContext, params: Vec<u8>) -> Scripted {
            scripted(&params)
        }

        /// Returns the scripted Outcome and blob in `params`.
        #[ink(message)]
        fn engage(&self, _context: IssuanceContext, _data: Vec<u8>, params: Vec<u8>) -> Scripted {
            scripted(&params)
        }

        /// Refuses.
        #[ink(message)]
        fn deposit(
            &self,
            _context: IssuanceContext,
            _data: Vec<u8>,
            _asset: Asset,
            _amount: Balance,
        ) -> Scripted {
            Err(InstrumentError::Unsupported)
        }

        /// Refuses.
        #[ink(message)]
        fn withdraw(
            &self,
            _context: IssuanceContext,
            _data: Vec<u8>,
            _asset: Asset,
            _amount: Balance,
        ) -> Scripted {
            Err(InstrumentError::Unsupported)
        }

        /// Returns the scripted Outcome and blob in the payload it was scheduled with.
        #[ink(message)]
        fn process_scheduled_event(
            &self,
            _context: IssuanceContext,
            _data: Vec<u8>,
            _name: Name,
            payload: Vec<u8>,
        ) -> Scripted {
            scripted(&payload)
        }

        /// Returns the scripted Outcome and blob in `payload`, after the attempt `name` asks
        /// for: if that attempt got through, the scripted Outcome is returned as if nothing
        /// happened; if the chain or the contract refused it, `NotAllowed`.
        #[ink(message)]
        fn process_custom_event(
            &self,
            context: IssuanceContext,
            _data: Vec<u8>,
            name: Name,
            payload: Vec<u8>,
        ) -> Scripted {
            misbehave(name);
            let (outcome, _) = scripted(&payload)?;
            let got_through = if name == REENTER {
                let mut manager: contract_ref!(InstrumentManager) = context.manager.into();
                let call = manager
                    .call_mut()
                    .create_issuance(Vec::new(), SpendingLimit::none());
                answered(call.try_invoke()).is_some()
            } else if name == RAID {
                let transfer = outcome
                    .transfers
                    .first()
                    .ok_or(InstrumentError::InvalidParameters)?;
                let mut escrow: contract_ref!(Escrow) = context.issuance.escrow.into();
                let call = escrow.call_mut().send_for(
                    transfer.from,
                    transfer.to,
                    transfer.asset,
                    transfer.amount,
                );
                matches!(answered(call.try_invoke()), Some(Ok(())))
            } else if name == TRAP {
                panic!("a hostile instrument traps mid-call");
            } else if name == GARBAGE {
                ink::env::return_value::<[u8; 3]>(ink::env::ReturnFlags::empty(), &[0xff; 3]);
            } else {
                true
            };
            if got_through {
                scripted(&payload)
            } else {
                Err(InstrumentError::NotAllowed)
            }
        }

        /// Returns the scripted Outcome and blob in `params`.
        #[ink(message)]
        fn renew(&self, _context: IssuanceContext, _data: Vec<u8>, params: Vec<u8>) -> Scripted {
            scripted(&params)
        }

        /// Returns the blob, SCALE-encoded.
        #[ink(message)]
        fn custom_data(&self, data: Vec<u8>, _name: Name) -> Result<Vec<u8>, InstrumentError> {
            Ok(data.encode())
        }
    }

    impl InstrumentV2 for HostileInstrument {
        /// Writes `storage`, then returns the scripted Outcome in `params`.
        #[ink(message)]
        fn create(
            &mut self,
            _context: IssuanceContext,
            storage: AccountId,
            params: Vec<u8>,
        ) -> Result<Outcome, InstrumentError> {
            write(storage).map_err(|_| InstrumentError::StorageFailed)?;
            script(&params)
        }

        /// Writes `storage`, then returns the scripted Outcome in `params`.
        #[ink(message)]
        fn engage(
            &mut self,
            _context: IssuanceContext,
            storage: AccountId,
            params: Vec<u8>,
        ) -> Result<Outcome, InstrumentError> {
            write(storage).map_err(|_| InstrumentError::StorageFailed)?;
            script(&params)
        }

        /// Refuses.
        #[ink(message)]
        fn deposit(
            &mut self,
            _context: IssuanceContext,
            _storage: AccountId,
            _asset: Asset,
            _amount: Balance,
        ) -> Result<Outcome, InstrumentError> {
            Err(InstrumentError::Unsupported)
        }

        /// Refuses.
        #[ink(message)]
        fn withdraw(
            &mut self,
            _context: IssuanceContext,
            _storage: AccountId,
            _asset: Asset,
            _amount: Balance,
        ) -> Result<Outcome, InstrumentError> {
            Err(InstrumentError::Unsupported)
        }

        /// Returns the scripted Outcome in the payload it was scheduled with.
        #[ink(message)]
        fn process_scheduled_event(
            &mut self,
            _context: IssuanceContext,
            _storage: AccountId,
            _name: Name,
            payload: Vec<u8>,
        ) -> Result<Outcome, InstrumentError> {
            script(&payload)
        }

        /// Writes `storage`, then returns the scripted Outcome in `payload`.
        #[ink(message)]
        fn process_custom_event(
            &mut self,
            _context: IssuanceContext,
            storage: AccountId,
            name: Name,
            payload: Vec<u8>,
        ) -> Result<Outcome, InstrumentError> {
            misbehave(name);
            write(storage).map_err(|_| InstrumentError::StorageFailed)?;
            script(&payload)
        }

        /// Returns the scripted Outcome in `params`.
        #[ink(message)]
        fn renew(
            &mut self,
            _context: IssuanceContext,
            _storage: AccountId,
            params: Vec<u8>,
        ) -> Result<Outcome, InstrumentError> {
            script(&params)
        }

        /// Nothing to read.
        #[ink(message)]
        fn custom_data(
            &self,
            _storage: AccountId,
            _name: Name,
        ) -> Result<Vec<u8>, InstrumentError> {
            Err(InstrumentError::UnknownEvent)
        }
    }

    impl InstrumentV3 for HostileInstrument {
        /// Hands out itself as the issuance contract.
        #[ink(message)]
        fn new_issuance(
            &mut self,
            _context: IssuanceContext,
        ) -> Result<AccountId, InstrumentError> {
            Ok(self.env().account_id())
        }
    }

    impl Issuance for HostileInstrument {
        /// Returns the scripted Outcome in `params`.
        #[ink(message)]
        fn create(
            &mut self,
            _context: IssuanceContext,
            params: Vec<u8>,
        ) -> Result<Outcome, InstrumentError> {
            script(&params)
        }

        /// Returns the scripted Outcome in `params`.
        #[ink(message)]
        fn engage(
            &mut self,
            _context: IssuanceContext,
            params: Vec<u8>,
        ) -> Result<Outcome, InstrumentError> {
            script(&params)
        }

        /// Refuses.
        #[ink(message)]
        fn deposit(
            &mut self,
            _context: IssuanceContext,
            _asset: Asset,
            _amount: Balance,
        ) -> Result<Outcome, InstrumentError> {
            Err(InstrumentError::Unsupported)
        }

        /// Refuses.
        #[ink(message)]
        fn withdraw(
            &mut self,
            _context: IssuanceContext,
            _asset: Asset,
            _amount: Balance,
        ) -> Result<Outcome, InstrumentError> {
            Err(InstrumentError::Unsupported)
        }

        /// Returns the scripted Outcome in the payload it was scheduled with.
        #[ink(message)]
        fn process_scheduled_event(
            &mut self,
            _context: IssuanceContext,
            _name: Name,
            payload: Vec<u8>,
        ) -> Result<Outcome, InstrumentError> {
            script(&payload)
        }

        /// Returns the scripted Outcome in `payload` (see [`misbehave`]).
        #[ink(message)]
        fn process_custom_event(
            &mut self,
            _context: IssuanceContext,
            name: Name,
            payload: Vec<u8>,
        ) -> Result<Outcome, InstrumentError> {
            misbehave(name);
            script(&payload)
        }

        /// Returns the scripted Outcome in `params`.
        #[ink(message)]
        fn renew(
            &mut self,
            _context: IssuanceContext,
            params: Vec<u8>,
        ) -> Result<Outcome, InstrumentError> {
            script(&params)
        }

        /// Nothing to read.
        #[ink(message)]
        fn custom_data(&self, _name: Name) -> Result<Vec<u8>, InstrumentError> {
            Err(InstrumentError::UnknownEvent)
        }

        /// Never closes: it is the instrument itself, handed out as every issuance's instance.
        #[ink(message)]
        fn close(&mut self, _beneficiary: AccountId) -> Result<(), InstrumentError> {
            Err(InstrumentError::NotAllowed)
        }
    }
}
