//! A v2 issuance storage (`traits::IssuanceStorage`).

use ink::codegen::TraitCallBuilder;
use issuance_storage::IssuanceStorageRef as IssuanceStorageContractRef;
use traits::{AccountId, IssuanceStorage as _, Name, StorageError};

use super::{ref_to, IssuanceStorageRef, Reply};
use crate::chain::Chain;

/// A v2 issuance storage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Storage(pub AccountId);

impl Storage {
    /// Its `IssuanceStorage` messages, as ink!'s call builder makes them.
    fn storage(self) -> IssuanceStorageRef {
        ref_to(self.0)
    }

    /// `IssuanceStorage::get`.
    pub fn get(self, chain: &mut Chain, key: Name) -> Option<Vec<u8>> {
        chain.read(self.storage().call_mut().get(key))
    }

    /// Whether the contract at this address answers as an `IssuanceStorage` (a v2 issuance's
    /// data contract; a v3 issuance's is its Issuance instance, which does not).
    pub fn is_storage(self, chain: &mut Chain) -> bool {
        let key = Name::new("loan");
        chain.try_read(self.storage().call_mut().get(key)).is_ok()
    }

    /// `IssuanceStorage::set` as `caller`.
    pub fn set(
        self,
        chain: &mut Chain,
        caller: AccountId,
        key: Name,
        value: Vec<u8>,
    ) -> Reply<(), StorageError> {
        chain.send(caller, self.storage().call_mut().set(key, value))
    }

    /// `writer`: who may write right now.
    pub fn writer(self, chain: &mut Chain) -> Option<AccountId> {
        let mut storage: IssuanceStorageContractRef = ref_to(self.0);
        chain.read(storage.call_mut().writer())
    }
}
